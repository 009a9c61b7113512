# Writes OUT, a C++ file holding the JSON file IN as the string
# budgetctl::demo::kDemoDataJson. Run by CMake at build time:
#   cmake -DIN=... -DOUT=... -P embed_demo_data.cmake
file(READ ${IN} text)
if(text MATCHES "\\)json\"")
  message(FATAL_ERROR "${IN} contains )json\", which ends the raw string")
endif()
file(WRITE ${OUT}.tmp "// Generated from ${IN} by embed_demo_data.cmake: do not edit.
namespace budgetctl::demo {
extern const char kDemoDataJson[];
const char kDemoDataJson[] = R\"json(${text})json\";
}  // namespace budgetctl::demo
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
