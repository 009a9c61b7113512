#ifndef CLIENTS_BUDGETCTL_INTERRUPT_H_
#define CLIENTS_BUDGETCTL_INTERRUPT_H_

// Ctrl-C (SIGINT) or SIGTERM ending a command that runs until interrupted
// (watch) cleanly: the call is cancelled and the command exits 0, instead of
// the process dying half-way through a line.

#include <atomic>
#include <thread>

#include "grpcpp/client_context.h"

namespace budgetctl {

class CancelOnInterrupt {
 public:
  // From now until destroyed, SIGINT and SIGTERM cancel `context`. One at a
  // time per process.
  explicit CancelOnInterrupt(grpc::ClientContext* context);
  ~CancelOnInterrupt();
  CancelOnInterrupt(const CancelOnInterrupt&) = delete;
  CancelOnInterrupt& operator=(const CancelOnInterrupt&) = delete;

  // A signal arrived.
  bool interrupted() const;

 private:
  std::atomic<bool> done_{false};
  std::thread watcher_;
};

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_INTERRUPT_H_
