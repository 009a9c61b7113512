# The layers the build enforces: a target may not reach, through its link
# libraries (direct or transitive), the targets of a layer above it. Checked
# at configure time, so a link line that crosses a layer fails the build
# before anything compiles.

# The targets `target` links, directly or through other targets, into `out`.
function(budget_link_closure target out)
  set(seen)
  set(todo ${target})
  while(todo)
    list(POP_FRONT todo t)
    if(t IN_LIST seen OR NOT TARGET ${t})
      continue()
    endif()
    list(APPEND seen ${t})
    get_target_property(aliased ${t} ALIASED_TARGET)
    if(aliased)
      list(APPEND todo ${aliased})
    endif()
    foreach(property LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
      get_target_property(libs ${t} ${property})
      if(NOT libs)
        continue()
      endif()
      foreach(lib ${libs})
        # A static library's private dependencies read $<LINK_ONLY:dep>.
        string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" lib "${lib}")
        list(APPEND todo ${lib})
      endforeach()
    endforeach()
  endwhile()
  list(REMOVE_ITEM seen ${target})
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

# Fails configuration when `target` reaches one of the targets after FORBIDS.
function(budget_forbid_links target)
  cmake_parse_arguments(ARG "" "" "FORBIDS" ${ARGN})
  budget_link_closure(${target} reached)
  foreach(forbidden ${ARG_FORBIDS})
    if(forbidden IN_LIST reached)
      message(FATAL_ERROR "layers: ${target} links ${forbidden} (cmake/layers.cmake)")
    endif()
  endforeach()
endfunction()

# The server's layers, bottom up: base; the event store (RocksDB); the proto
# messages; the pure domain; the core (domain + store); the gRPC adapters and
# the server.
set(BUDGET_STORAGE RocksDB::rocksdb eventstore)
set(BUDGET_SERVER budget_core budget_audit budget_api budget_oidc budget_server)

# The event store knows nothing of budgets.
budget_forbid_links(eventstore FORBIDS budget_proto_messages budget_domain ${BUDGET_SERVER})
# The pure domain: protobuf messages, no gRPC, no storage, no server.
budget_forbid_links(budget_domain FORBIDS budget_proto_grpc gRPC::grpc++ ${BUDGET_STORAGE}
                    ${BUDGET_SERVER})
budget_forbid_links(budget_proto_messages FORBIDS gRPC::grpc++)
# The token file's format is shared by the server and the clients.
budget_forbid_links(budget_token_file FORBIDS budget_proto_grpc ${BUDGET_STORAGE} ${BUDGET_SERVER})
# The clients talk to the server over gRPC and link none of it.
foreach(client budgetctl budget-load)
  if(NOT TARGET ${client})  # BUDGET_CLIENTS=OFF
    continue()
  endif()
  budget_forbid_links(${client} FORBIDS ${BUDGET_STORAGE} ${BUDGET_SERVER})
endforeach()
