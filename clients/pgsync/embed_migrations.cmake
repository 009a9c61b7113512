# Writes OUT, a C++ file holding every sql/migrations/NNNN_name.sql as a
# budget::pgsync::Migration, in version order. Run by CMake at build time:
#   cmake -DSQL_DIR=... -DOUT=... -P embed_migrations.cmake
file(GLOB files "${SQL_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT files)
set(body "")
set(count 0)
foreach(f ${files})
  get_filename_component(base ${f} NAME_WE)
  string(SUBSTRING ${base} 0 4 number)
  math(EXPR version "${number}")
  string(SUBSTRING ${base} 5 -1 name)
  file(READ ${f} sql)
  string(APPEND body "    {${version}, \"${name}\", R\"pgsql(${sql})pgsql\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from sql/migrations/ by embed_migrations.cmake: do not edit.
#include \"clients/pgsync/migrations.h\"

namespace budget::pgsync {
extern const Migration kMigrations[] = {
${body}};
extern const int kMigrationCount = ${count};
}  // namespace budget::pgsync
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
