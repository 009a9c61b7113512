#ifndef CLIENTS_BUDGETCTL_CLI_FWD_H_
#define CLIENTS_BUDGETCTL_CLI_FWD_H_

// CLI11's two types, declared without its header. CLI11 is header-only, and
// a file that calls it compiles a good part of it again (about 7 s and 130 KB
// of code each, gcc -O2): the commands reach it through the functions of
// command.h, defined once in command.cc, and only files that configure an
// option in their own way include "CLI/CLI.hpp".

namespace CLI {
class App;
class Option;
}  // namespace CLI

#endif  // CLIENTS_BUDGETCTL_CLI_FWD_H_
