# cmake -DPROGRAM=path -DNAME=lucid-demo -DVERSION=0.2.0 -P check_cli.cmake
# Fails (FATAL_ERROR, a non-zero exit) on the first answer that is not what a user expects.
function(run)
  execute_process(COMMAND ${PROGRAM} ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out
    ERROR_VARIABLE err TIMEOUT 20)
  set(status "${status}" PARENT_SCOPE)
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

run(--help)
if(NOT status EQUAL 0 OR NOT out MATCHES "usage: ${NAME}")
  message(FATAL_ERROR "${NAME} --help: status ${status}, stdout:\n${out}\nstderr:\n${err}")
endif()

run(--version)
if(NOT status EQUAL 0 OR NOT out STREQUAL "${NAME} (lucid) ${VERSION}\n")
  message(FATAL_ERROR "${NAME} --version: status ${status}, stdout:\n${out}")
endif()

run(--no-such-option)
if(NOT status EQUAL 2 OR NOT err MATCHES "usage: ${NAME}" OR NOT out STREQUAL "")
  message(FATAL_ERROR "${NAME} --no-such-option: status ${status}, stdout:\n${out}\nstderr:\n${err}")
endif()
message(STATUS "${NAME}: --help 0, --version \"${NAME} (lucid) ${VERSION}\", bad argument 2")
