# json-c and uthash come from the system; a missing one stops configure with the
# Debian package that provides it.

find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config is missing: apt-get install pkg-config")
endif()

pkg_check_modules(JSONC IMPORTED_TARGET json-c)
if(NOT JSONC_FOUND)
  message(FATAL_ERROR "json-c is missing: apt-get install libjson-c-dev")
endif()

include(CheckIncludeFile)
check_include_file(uthash.h AR_HAVE_UTHASH)
if(NOT AR_HAVE_UTHASH)
  message(FATAL_ERROR "uthash.h is missing: apt-get install uthash-dev")
endif()
