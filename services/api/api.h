#ifndef SERVICES_API_API_H_
#define SERVICES_API_API_H_

// What every service adapter does, once: authenticate, authorize the method,
// answer, and count and log the call. The generic UnaryAdapter (services.h)
// serves the domain's mutations and reads with it; the hand-written audit and
// sign-in services use Answer.

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "base/sync.h"
#include "budget/internal/commands.pb.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "services/api/authenticator.h"
#include "services/api/authorization.h"
#include "services/api/grpc_status.h"
#include "services/common/metrics.h"
#include "services/core/command_processor.h"
#include "services/core/personal_data.h"

namespace budget {

// Thread safety: every method may be called concurrently (from gRPC threads).
class Api {
 public:
  struct Options {
    // Counts calls by RPC and status and times them; may be null. Not owned.
    Metrics* metrics = nullptr;
    // Calls slower than this are logged.
    absl::Duration slow_call = absl::Seconds(1);
    // A mutation whose caller gave no (or a longer) deadline waits at most
    // this long for the writer.
    absl::Duration default_deadline = absl::Seconds(30);
  };

  // Neither is owned; both must outlive the Api.
  Api(CommandProcessor* processor, const Authenticator* authenticator, Options options)
      : processor_(processor), authenticator_(authenticator), options_(options) {}

  // Counts and times a finished call; logs a refused change (with the rule
  // its message names) and a slow call. Never logs credentials.
  void Record(absl::string_view method, const absl::Status& status, absl::Time start,
              absl::string_view actor, bool mutation) const;

  // The authenticated principal, if allowed to call `method`; an empty
  // principal for a method open to all (IsOpen), whatever the call carries.
  // A refusal carries the ErrorInfo of AttachAccessInfo.
  absl::StatusOr<v1::Principal> Admit(const grpc::ServerContextBase& ctx,
                                      absl::string_view method) const {
    if (IsOpen(method)) return v1::Principal();
    absl::StatusOr<v1::Principal> who = authenticator_->Authenticate(ctx);
    if (!who.ok()) {
      absl::Status s = who.status();
      if (absl::IsUnauthenticated(s)) AttachAccessInfo(&s, "UNAUTHENTICATED", method);
      return s;
    }
    if (absl::Status s = Authorize(*who, method); !s.ok()) return s;
    return who;
  }

  // Any other unary answer: `answer()`, or `answer(view)` with the caller's
  // PersonalView, returns absl::StatusOr<Resp>. It runs without the
  // projection's lock (for reads of the log itself). The answer's personal
  // fields are then revealed as the caller may see them.
  template <typename Resp, typename F>
  grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* ctx, absl::string_view method,
                                   Resp* response, F&& answer) {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    const absl::Time start = absl::Now();
    absl::StatusOr<v1::Principal> who = Admit(*ctx, method);
    absl::StatusOr<Resp> r = absl::InternalError("not answered");
    if (!who.ok()) {
      r = who.status();
    } else {
      if constexpr (std::is_invocable_v<F, const PersonalView&>) {
        r = answer(ViewFor(*who));
      } else {
        r = answer();
      }
    }
    if (r.ok()) {
      ViewFor(*who).Show(&*r);
      *response = std::move(*r);
    }
    Record(method, r.status(), start, who.ok() ? who->name() : "", false);
    reactor->Finish(ToGrpcStatus(r.status()));
    return reactor;
  }

  CommandProcessor* processor() const { return processor_; }

  // How answers to `who` show personal data (services/core/personal_data.h).
  PersonalView ViewFor(const v1::Principal& who) const {
    return PersonalView(&processor_->personal(), who);
  }

  // The caller's deadline, or the server's default when it set none (so a
  // call never waits forever for the writer).
  absl::Time CallDeadline(const grpc::ServerContextBase& ctx, absl::Time start) const {
    const absl::Time client = absl::FromChrono(ctx.deadline());
    return std::min(client, start + options_.default_deadline);
  }

 private:
  // The series one RPC's calls are counted in, resolved on its first call:
  // counting a call then builds no label strings and searches no registry.
  struct RpcSeries {
    HistogramCell* latency = nullptr;
    // By absl::StatusCode; each made on the first call that ends with it,
    // so the metrics page shows only codes that happened.
    std::array<std::atomic<CounterCell*>,
               static_cast<size_t>(absl::StatusCode::kUnauthenticated) + 1>
        by_code{};
  };
  // Null without metrics.
  RpcSeries* SeriesOf(absl::string_view method) const;

  CommandProcessor* const processor_;
  const Authenticator* const authenticator_;
  const Options options_;
  mutable base::Mutex series_mu_;
  mutable absl::flat_hash_map<std::string, std::unique_ptr<RpcSeries>> series_
      ABSL_GUARDED_BY(series_mu_);
};

}  // namespace budget

#endif  // SERVICES_API_API_H_
