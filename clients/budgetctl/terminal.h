#ifndef CLIENTS_BUDGETCTL_TERMINAL_H_
#define CLIENTS_BUDGETCTL_TERMINAL_H_

// budgetctl prints stored text (titles, reasons, descriptions) that anyone
// with a write role chose. Sent raw to a terminal, a title holding ESC [ 2 J
// clears the reader's screen and ESC ] 0 ; ... BEL retitles the window. So
// output for people goes through a filter that shows every control character
// as an escape ("\x1b", "\r", "\u009b"); only the line break passes.

#include <ostream>

namespace budgetctl {

// Filters std::cerr, and std::cout unless `exact_stdout` (--json: JSON
// already escapes control characters, and scripts must get the bytes the
// server sent). Call once, before anything is printed.
void ProtectTerminal(bool exact_stdout);

// Standard output byte for byte, whether or not it is filtered: for data
// (exports) that must reach a file or pipe unchanged.
std::ostream& ExactStdout();

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_TERMINAL_H_
