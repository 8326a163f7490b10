# What `cmake --install build --prefix DIR` puts under DIR besides the libraries and headers
# (src/CMakeLists.txt) and the example programs (examples/CMakeLists.txt):
#
#   lib/cmake/lucid/       the CMake package: find_package(lucid 0.2) gives lucid::lucid and
#                          lucid::<layer>, and finds OpenSSL and usrsctp for its user
#   lib/pkgconfig/lucid.pc pkg-config --cflags --libs [--static] lucid
#   share/doc/lucid/       README.md and docs/
#
# One build can be installed under any prefix (a temporary one in CI, /usr in the Debian
# package): the CMake package's paths are relative to where it is, and lucid.pc is written
# with the prefix at install time.
include(CMakePackageConfigHelpers)

set(lucid_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/lucid)

install(EXPORT lucid-targets NAMESPACE lucid:: DESTINATION ${lucid_cmake_dir})

# What a user of the installed package needs found before lucid's targets make sense. OpenSSL:
# the dtls headers name its types, and every layer links it. usrsctp: only a static
# liblucid_sctp.a needs it at link time (a shared one carries it as its own dependency). The
# srtp layer, once there, needs libsrtp2 the same way.
if(BUILD_SHARED_LIBS)
  set(lucid_needs_usrsctp_to_link FALSE)
else()
  set(lucid_needs_usrsctp_to_link TRUE)
endif()
set(lucid_has_srtp FALSE)
if(TARGET lucid_srtp)
  set(lucid_has_srtp TRUE)
endif()

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/lucid-config.cmake.in
  ${PROJECT_BINARY_DIR}/lucid-config.cmake INSTALL_DESTINATION ${lucid_cmake_dir})
# Before 1.0 a minor version may break the API: find_package(lucid 0.2) accepts 0.2.x only.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/lucid-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/lucid-config.cmake
              ${PROJECT_BINARY_DIR}/lucid-config-version.cmake
        DESTINATION ${lucid_cmake_dir})

# lucid.pc. Libs lists the layers top-down, as a static link needs them; Requires.private the
# libraries they link (and whose headers the dtls headers include).
set(lucid_pc_libs "")
list(REVERSE lucid_present_layers)
foreach(target IN LISTS lucid_present_layers)
  string(APPEND lucid_pc_libs " -l${target}")
endforeach()
set(lucid_pc_requires_private "libssl >= 3, libcrypto >= 3, usrsctp >= 0.9.5")
if(lucid_has_srtp)
  string(APPEND lucid_pc_requires_private ", libsrtp2")
endif()
# The prefix in lucid.pc is the one lucid is installed under, known only when `cmake --install`
# (or CPack) runs: the file is written then, from lucid.pc.in with the rest filled in now.
set(lucid_pc_prefix "@CMAKE_INSTALL_PREFIX@")
configure_file(${PROJECT_SOURCE_DIR}/cmake/lucid.pc.in ${PROJECT_BINARY_DIR}/lucid.pc.in @ONLY)
install(CODE "configure_file(${PROJECT_BINARY_DIR}/lucid.pc.in ${PROJECT_BINARY_DIR}/lucid.pc @ONLY)")
install(FILES ${PROJECT_BINARY_DIR}/lucid.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
