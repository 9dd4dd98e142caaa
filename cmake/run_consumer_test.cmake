# leadpool — the install-consumer test (ctest: install_consumer), run with `cmake -P`.
#
# Installs the build under test into a fresh prefix, then uses it as a host would:
#   1. find_package(leadpool): tests/consumer builds a C++ program (leadpool::leadpool), a C99
#      program (leadpool::capi, <leadpool.h>) and the installed Store conformance suite
#      (<leadpool/testing/store_conformance.hpp>) with Ninja, and runs all three;
#   2. pkg-config: `pkg-config --cflags --libs leadpool` with PKG_CONFIG_PATH set to the prefix,
#      then the C program compiled and linked with exactly those flags, and run.
# Any failing step fails the test.
#
# Inputs (-D): LEADPOOL_BINARY_DIR, CONSUMER_SOURCE, WORK_DIR, C_COMPILER, CXX_COMPILER,
# INSTALL_LIBDIR, EXPECTED_VERSION, and optionally BUILD_CONFIG, PKG_CONFIG_EXECUTABLE and
# EXPECT_CLI (the build has the command-line tool, which must be installed as bin/leadpool).
cmake_minimum_required(VERSION 3.16)

foreach(required LEADPOOL_BINARY_DIR CONSUMER_SOURCE WORK_DIR C_COMPILER CXX_COMPILER INSTALL_LIBDIR
                 EXPECTED_VERSION)
    if(NOT DEFINED ${required} OR "${${required}}" STREQUAL "")
        message(FATAL_ERROR "run_consumer_test.cmake: -D${required}=... is required")
    endif()
endforeach()

# Runs a command; on failure prints its output and stops the script (the test fails).
function(run_step name)
    execute_process(COMMAND ${ARGN}
                    RESULT_VARIABLE result
                    OUTPUT_VARIABLE output
                    ERROR_VARIABLE output)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${name} failed (${result}):\n  ${ARGN}\n${output}")
    endif()
    set(step_output "${output}" PARENT_SCOPE)
endfunction()

set(prefix "${WORK_DIR}/prefix")
set(libdir "${prefix}/${INSTALL_LIBDIR}")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# ---- install ------------------------------------------------------------------------------
set(config_args)
if(BUILD_CONFIG)
    set(config_args --config "${BUILD_CONFIG}")
endif()
run_step("cmake --install" "${CMAKE_COMMAND}" --install "${LEADPOOL_BINARY_DIR}" --prefix "${prefix}"
         ${config_args})
foreach(file include/leadpool.h include/leadpool/leadpool.hpp include/leadpool/testing/store_conformance.hpp
             share/doc/leadpool/LICENSE share/doc/leadpool/CHANGELOG.md
             ${INSTALL_LIBDIR}/cmake/leadpool/leadpoolConfig.cmake
             ${INSTALL_LIBDIR}/cmake/leadpool/leadpoolConfigVersion.cmake ${INSTALL_LIBDIR}/pkgconfig/leadpool.pc)
    if(NOT EXISTS "${prefix}/${file}")
        message(FATAL_ERROR "cmake --install did not install ${file}")
    endif()
endforeach()
file(GLOB c_library "${libdir}/libleadpool_c.so.*")
if(NOT c_library)
    message(FATAL_ERROR "cmake --install did not install libleadpool_c.so.<SOVERSION>")
endif()
# The command-line tool, in a build that has it (EXPECT_CLI): installed into bin/ and runnable.
if(EXPECT_CLI)
    run_step("the installed leadpool --version" "${prefix}/bin/leadpool" --version)
    if(NOT step_output MATCHES "${EXPECTED_VERSION}")
        message(FATAL_ERROR "the installed leadpool says '${step_output}', not ${EXPECTED_VERSION}")
    endif()
endif()

# ---- 1. find_package ------------------------------------------------------------------------
set(build_type_arg)
if(BUILD_CONFIG)
    set(build_type_arg "-DCMAKE_BUILD_TYPE=${BUILD_CONFIG}")
endif()
run_step("configuring the consumer" "${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE}" -B "${WORK_DIR}/build" -G Ninja
         "-DCMAKE_PREFIX_PATH=${prefix}" "-DEXPECTED_PREFIX=${prefix}" ${build_type_arg}
         "-DCMAKE_C_COMPILER=${C_COMPILER}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
         -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
run_step("building the consumer" "${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
foreach(program consumer_cpp consumer_c consumer_conformance)
    run_step("${program}" "${WORK_DIR}/build/${program}")
    message(STATUS "${program}: ${step_output}")
endforeach()

# ---- 1b. the version a consumer asks for -----------------------------------------------------
# While the major version is 0, a minor version is a compatibility boundary (CHANGELOG.md): the
# installed 0.<m> serves find_package(leadpool 0.<m>) and refuses 0.<m - 1> (what a 0.2 is to a
# consumer of 0.1) as well as 0.<m + 1>.
string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" version_prefix "${EXPECTED_VERSION}")
set(major "${CMAKE_MATCH_1}")
set(minor "${CMAKE_MATCH_2}")
if(major EQUAL 0)
    set(asking "${WORK_DIR}/asking")
    file(MAKE_DIRECTORY "${asking}")
    file(WRITE "${asking}/CMakeLists.txt"
         "cmake_minimum_required(VERSION 3.16)\nproject(asking LANGUAGES C CXX)\nfind_package(leadpool \${ASK} REQUIRED)\n")
    function(ask version expect_found)
        execute_process(COMMAND "${CMAKE_COMMAND}" -S "${asking}" -B "${asking}/${version}" -G Ninja
                                "-DCMAKE_PREFIX_PATH=${prefix}" "-DASK=${version}"
                                -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
                        RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
        if(expect_found AND NOT result EQUAL 0)
            message(FATAL_ERROR "find_package(leadpool ${version}) refused the installed ${EXPECTED_VERSION}:\n${output}")
        elseif(NOT expect_found AND (result EQUAL 0 OR NOT output MATCHES "compatible with requested version"))
            message(FATAL_ERROR "find_package(leadpool ${version}) took the installed ${EXPECTED_VERSION}:\n${output}")
        endif()
    endfunction()
    ask("0.${minor}" TRUE)
    math(EXPR next_minor "${minor} + 1")
    ask("0.${next_minor}" FALSE)
    if(minor GREATER 0)
        math(EXPR previous_minor "${minor} - 1")
        ask("0.${previous_minor}" FALSE)
    endif()
    message(STATUS "the installed ${EXPECTED_VERSION} serves find_package(leadpool 0.${minor}) only")
endif()

# ---- 2. pkg-config --------------------------------------------------------------------------
if(NOT PKG_CONFIG_EXECUTABLE)
    find_program(PKG_CONFIG_EXECUTABLE NAMES pkg-config pkgconf)
endif()
if(NOT PKG_CONFIG_EXECUTABLE)
    message(FATAL_ERROR "pkg-config not found (scripts/install-deps.sh installs it)")
endif()
set(ENV{PKG_CONFIG_PATH} "${libdir}/pkgconfig")
run_step("pkg-config --modversion" "${PKG_CONFIG_EXECUTABLE}" --modversion leadpool)
string(STRIP "${step_output}" pc_version)
if(NOT pc_version STREQUAL EXPECTED_VERSION)
    message(FATAL_ERROR "pkg-config says leadpool ${pc_version}, the build is ${EXPECTED_VERSION}")
endif()
run_step("pkg-config --cflags --libs" "${PKG_CONFIG_EXECUTABLE}" --cflags --libs leadpool)
string(STRIP "${step_output}" pc_flags)
message(STATUS "pkg-config --cflags --libs leadpool: ${pc_flags}")
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
run_step("compiling consumer.c with the pkg-config flags"
         "${C_COMPILER}" -std=c99 -pedantic -Wall -Wextra -Werror "${CONSUMER_SOURCE}/consumer.c" ${pc_flags}
         -o "${WORK_DIR}/consumer_pc")
set(ENV{LD_LIBRARY_PATH} "${libdir}")  # the prefix is not on the loader's path
run_step("consumer_pc" "${WORK_DIR}/consumer_pc")
message(STATUS "consumer_pc: ${step_output}")
