# ar_npm_source(<package> <version> <sha512-hex> <out-dir-var>)
#
# Makes the npm source tarball of <package>@<version> available unpacked and
# sets <out-dir-var> to its `package/` folder. The tarball is looked up in the
# cache folder first (ASYNCRADAR_DEPS_CACHE, which a packager may pre-fill for
# an offline build) and fetched with `npm pack` only when missing. Its sha512 is
# checked every time, so a changed or tampered tarball stops the build.

set(ASYNCRADAR_DEPS_CACHE "${PROJECT_SOURCE_DIR}/.cache/deps" CACHE PATH
    "Folder holding the npm source tarballs of tree-sitter and its Python and TOML grammars")

function(ar_npm_source package version sha512 out_var)
  string(REGEX REPLACE "^@" "" tarball_stem "${package}")
  string(REPLACE "/" "-" tarball_stem "${tarball_stem}")
  set(tarball "${ASYNCRADAR_DEPS_CACHE}/${tarball_stem}-${version}.tgz")

  if(NOT EXISTS "${tarball}")
    find_program(AR_NPM npm)
    if(NOT AR_NPM)
      message(FATAL_ERROR
        "${package}@${version} is not in ${ASYNCRADAR_DEPS_CACHE} and npm is not installed.\n"
        "Install it with `apt-get install npm`, or put ${tarball_stem}-${version}.tgz "
        "(from `npm pack ${package}@${version}`) into that folder.")
    endif()
    file(MAKE_DIRECTORY "${ASYNCRADAR_DEPS_CACHE}")
    message(STATUS "Fetching ${package}@${version} with npm pack")
    execute_process(
      COMMAND "${AR_NPM}" pack "${package}@${version}" --silent
              --pack-destination "${ASYNCRADAR_DEPS_CACHE}"
      WORKING_DIRECTORY "${ASYNCRADAR_DEPS_CACHE}"
      RESULT_VARIABLE npm_result
      OUTPUT_VARIABLE npm_output
      ERROR_VARIABLE npm_error)
    if(NOT npm_result EQUAL 0 OR NOT EXISTS "${tarball}")
      message(FATAL_ERROR
        "`npm pack ${package}@${version}` failed (${npm_result}):\n${npm_error}\n"
        "Check the network or the npm registry configuration, or pre-fill ${ASYNCRADAR_DEPS_CACHE}.")
    endif()
  endif()

  file(SHA512 "${tarball}" actual)
  if(NOT actual STREQUAL sha512)
    message(FATAL_ERROR
      "${tarball} does not match the pinned sha512 of ${package}@${version}.\n"
      "  expected ${sha512}\n  actual   ${actual}\n"
      "Delete the file to fetch it again; if it still differs, the published package changed.")
  endif()

  set(unpacked "${PROJECT_BINARY_DIR}/_deps/${tarball_stem}-${version}")
  set(stamp "${unpacked}/.sha512")
  set(previous "")
  if(EXISTS "${stamp}")
    file(READ "${stamp}" previous)
  endif()
  if(NOT previous STREQUAL sha512)
    file(REMOVE_RECURSE "${unpacked}")
    file(ARCHIVE_EXTRACT INPUT "${tarball}" DESTINATION "${unpacked}")
    file(WRITE "${stamp}" "${sha512}")
  endif()
  set(${out_var} "${unpacked}/package" PARENT_SCOPE)
endfunction()
