# lucid_add_browser_test: one ctest test = one run of tests/interop/harness.py (see README.md).
#
#   include(${PROJECT_SOURCE_DIR}/tests/interop/browser_test.cmake)
#   lucid_add_browser_test(NAME <test name> BROWSER chromium|firefox
#     ROLE browser-offers|lucid-offers PAGE <file in tests/interop/pages>
#     [LUCID "<program> <args>"] [EXPECT KEY=VALUE...] [PARAM KEY=VALUE...] [FAKE_MEDIA]
#     [TIMEOUT <seconds the harness waits for the page, default 20>])
#
# Every such test has LABELS interop and RESOURCE_LOCK browser (one browser at a time: two
# cores are shared), and a ctest TIMEOUT 30 s above the harness's own, so that a stuck run is
# ended by the harness, which cleans up, rather than killed by ctest, which cannot.
# The harness exits 77 when not run as root; ctest then shows the test as skipped.
include_guard(GLOBAL)

find_program(LUCID_PYTHON3 python3 HINTS /usr/bin REQUIRED)
set(LUCID_HARNESS ${CMAKE_CURRENT_LIST_DIR}/harness.py)

function(lucid_add_browser_test)
  cmake_parse_arguments(arg "FAKE_MEDIA" "NAME;BROWSER;ROLE;PAGE;LUCID;TIMEOUT" "EXPECT;PARAM" ${ARGN})
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 20)
  endif()
  set(command ${LUCID_PYTHON3} ${LUCID_HARNESS} --browser ${arg_BROWSER} --role ${arg_ROLE}
      --page ${arg_PAGE} --timeout ${arg_TIMEOUT})
  if(arg_LUCID)
    list(APPEND command --lucid "${arg_LUCID}")
  endif()
  foreach(pair IN LISTS arg_EXPECT)
    list(APPEND command --expect ${pair})
  endforeach()
  foreach(pair IN LISTS arg_PARAM)
    list(APPEND command --param ${pair})
  endforeach()
  if(arg_FAKE_MEDIA)
    list(APPEND command --fake-media)
  endif()
  add_test(NAME ${arg_NAME} COMMAND ${command})
  math(EXPR ctest_timeout "${arg_TIMEOUT} + 30")
  set_tests_properties(${arg_NAME} PROPERTIES LABELS interop RESOURCE_LOCK browser
    TIMEOUT ${ctest_timeout} SKIP_RETURN_CODE 77)
endfunction()
