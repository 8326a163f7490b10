# The Debian package lucid-dev_<version>_amd64.deb, made by CPack from what `cmake --install`
# installs, under /usr. scripts/package runs it; docs/packaging.md shows the result.
#
# Depends: the libraries are static by default, so a program built on lucid-dev links OpenSSL
# and usrsctp itself and needs their -dev packages (headers, pkg-config files, the .so to link),
# and pkg-config for lucid.pc and for the CMake package to find usrsctp. The runtime libraries
# the installed example programs load (libc6, libssl3, libusrsctp2, libstdc++6, ...) are added
# by dpkg-shlibdeps, from the programs themselves.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lucid-dev)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION} (libraries, headers, examples)")
set(CPACK_PACKAGE_DESCRIPTION
  "lucid is a WebRTC stack (STUN, ICE, SDP, DTLS, SCTP data channels, a PeerConnection) written to be read beside the RFCs. This package holds its static libraries, public headers, CMake package (find_package(lucid)), pkg-config file (lucid.pc), example programs and docs.")
set(CPACK_PACKAGE_CONTACT "lucid developers <lucid@localhost>")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # lucid-dev_0.2.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(lucid_deb_depends "libssl-dev (>= 3), libusrsctp-dev (>= 0.9.5), pkgconf | pkg-config")
if(TARGET lucid_srtp)
  string(APPEND lucid_deb_depends ", libsrtp2-dev")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${lucid_deb_depends}")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cmake, g++")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# The example programs are stripped (each would carry all of lucid's debug information); the
# static libraries keep theirs, so that gdb steps into lucid from a user's own program.
set(CPACK_STRIP_FILES ON)
include(CPack)
