# Writes OUT, a C++ file holding the JSON file IN as the string
# budgetctl::demo::NAME (kDemoDataJson unless given). Run by CMake at build time:
#   cmake -DIN=... -DOUT=... [-DNAME=...] -P embed_demo_data.cmake
if(NOT NAME)
  set(NAME kDemoDataJson)
endif()
file(READ ${IN} text)
if(text MATCHES "\\)json\"")
  message(FATAL_ERROR "${IN} contains )json\", which ends the raw string")
endif()
file(WRITE ${OUT}.tmp "// Generated from ${IN} by embed_demo_data.cmake: do not edit.
namespace budgetctl::demo {
extern const char ${NAME}[];
const char ${NAME}[] = R\"json(${text})json\";
}  // namespace budgetctl::demo
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
