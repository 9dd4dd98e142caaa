# leadpool — install rules and the exported CMake package.
#
# Included from the top-level CMakeLists.txt (when LEADPOOL_INSTALL is on) after every target it
# names has been created. `cmake --install` then lays out:
#
#   include/leadpool/*.hpp                        the C++ headers
#   include/leadpool/testing/                     the Store conformance suite, for a host's own store
#                                                 (needs doctest and nlohmann_json; see its header)
#   include/leadpool.h                            the C header
#   lib/libleadpool.a (or libleadpool.so.0...)    the C++ library
#   lib/libleadpool_c.so.1...                     the C library
#   lib/cmake/leadpool/                           find_package(leadpool): leadpool::leadpool, leadpool::capi
#   lib/pkgconfig/leadpool.pc                     pkg-config for the C library
include(CMakePackageConfigHelpers)

set(LEADPOOL_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/leadpool"
    CACHE STRING "Where the leadpool CMake package files are installed (relative to the prefix)")
mark_as_advanced(LEADPOOL_INSTALL_CMAKEDIR)

# ---- headers --------------------------------------------------------------------------------
# The directory with its subdirectories: leadpool/testing/ and its parts go too.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/leadpool"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        FILES_MATCHING PATTERN "*.hpp")

# ---- the licence and the changes, beside the packages' own documentation ---------------------
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" "${PROJECT_SOURCE_DIR}/CHANGELOG.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# ---- libraries ------------------------------------------------------------------------------
get_target_property(leadpool_library_type leadpool TYPE)  # STATIC_LIBRARY unless BUILD_SHARED_LIBS
set(leadpool_install_targets leadpool)
if(TARGET leadpool_c)
    # Exported as leadpool::capi, the name the build tree's alias gives it too.
    set_target_properties(leadpool_c PROPERTIES EXPORT_NAME capi)
    # With BUILD_SHARED_LIBS the C library needs libleadpool.so at run time: it sits beside it.
    if(leadpool_library_type STREQUAL "SHARED_LIBRARY" AND NOT APPLE AND NOT WIN32)
        set_property(TARGET leadpool_c APPEND PROPERTY INSTALL_RPATH "$ORIGIN")
    endif()
    list(APPEND leadpool_install_targets leadpool_c)
    install(FILES "${PROJECT_SOURCE_DIR}/capi/leadpool.h" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
endif()

install(TARGETS ${leadpool_install_targets}
        EXPORT leadpoolTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

# ---- CMake package --------------------------------------------------------------------------
install(EXPORT leadpoolTargets
        NAMESPACE leadpool::
        FILE leadpoolTargets.cmake
        DESTINATION "${LEADPOOL_INSTALL_CMAKEDIR}")

# A static C++ library carries its private link dependencies to the consumer: the config file
# finds them. nlohmann_json is header-only and private, so it is never needed at consume time.
if(leadpool_library_type STREQUAL "STATIC_LIBRARY")
    set(LEADPOOL_STATIC_LIBRARY ON)
else()
    set(LEADPOOL_STATIC_LIBRARY OFF)
endif()

configure_package_config_file(
    "${PROJECT_SOURCE_DIR}/cmake/leadpoolConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/package/leadpoolConfig.cmake"
    INSTALL_DESTINATION "${LEADPOOL_INSTALL_CMAKEDIR}")
# Semantic versions: from 1.0 a major version may break what the one before offered, so any
# 1.x serves find_package(leadpool 1.2). While the major version is 0 a minor one may: 0.2
# does not serve find_package(leadpool 0.1), nor 0.1 a request for 0.2 (CHANGELOG.md).
if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(leadpool_compatibility SameMinorVersion)
else()
    set(leadpool_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(
    "${PROJECT_BINARY_DIR}/package/leadpoolConfigVersion.cmake"
    VERSION "${PROJECT_VERSION}"
    COMPATIBILITY ${leadpool_compatibility})
install(FILES
            "${PROJECT_BINARY_DIR}/package/leadpoolConfig.cmake"
            "${PROJECT_BINARY_DIR}/package/leadpoolConfigVersion.cmake"
            "${PROJECT_SOURCE_DIR}/cmake/FindPhoneNumber.cmake"
        DESTINATION "${LEADPOOL_INSTALL_CMAKEDIR}")

# ---- pkg-config (the C library) -------------------------------------------------------------
# The prefix is the one `cmake --install` installs into (--prefix included), so the .pc file is
# finished at install time: configured now with everything but the prefix, which install
# substitutes. Relative install dirs hang below the prefix; absolute ones are used as given.
if(TARGET leadpool_c)
    set(LEADPOOL_PC_PREFIX "@LEADPOOL_PC_PREFIX@")  # left for the install-time pass
    foreach(dir LIBDIR INCLUDEDIR)
        if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
            set(LEADPOOL_PC_${dir} "${CMAKE_INSTALL_${dir}}")
        else()
            set(LEADPOOL_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
        endif()
    endforeach()
    if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
        set(leadpool_pc_destination "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
    else()
        set(leadpool_pc_destination "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig")
    endif()
    set(leadpool_pc_template "${PROJECT_BINARY_DIR}/package/leadpool.pc.in")
    set(leadpool_pc "${PROJECT_BINARY_DIR}/package/leadpool.pc")
    configure_file("${PROJECT_SOURCE_DIR}/cmake/leadpool.pc.in" "${leadpool_pc_template}" @ONLY)
    install(CODE "
        set(LEADPOOL_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
        configure_file(\"${leadpool_pc_template}\" \"${leadpool_pc}\" @ONLY)
        file(INSTALL DESTINATION \"${leadpool_pc_destination}\" TYPE FILE FILES \"${leadpool_pc}\")")
endif()
