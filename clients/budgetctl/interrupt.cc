#include "clients/budgetctl/interrupt.h"

#include <csignal>

namespace budgetctl {
namespace {

// Only an atomic flag may be touched in a signal handler; a thread polls it
// and does the cancelling.
std::atomic<bool> g_signalled{false};

extern "C" void OnSignal(int) { g_signalled.store(true); }

}  // namespace

CancelOnInterrupt::CancelOnInterrupt(grpc::ClientContext* context) {
  g_signalled.store(false);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  watcher_ = std::thread([this, context] {
    while (!done_.load()) {
      if (g_signalled.load()) {
        context->TryCancel();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
}

CancelOnInterrupt::~CancelOnInterrupt() {
  done_.store(true);
  watcher_.join();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

bool CancelOnInterrupt::interrupted() const { return g_signalled.load(); }

}  // namespace budgetctl
