#ifndef SERVICES_API_SERVICES_H_
#define SERVICES_API_SERVICES_H_

// The generic adapter: every unary RPC of the domain services (Round,
// Proposal, Committee, Council, Hearing, Meeting, Expansion, Adoption) and
// of AdminService, served from the descriptors by method name. There are no
// per-RPC methods:
// - a mutation (`(budget.v1.access).mutation`) parses its request straight
//   into the internal Command field of the same name (CreateRound ->
//   create_round) and queues it for the single writer;
// - a read calls the one function its method names in services.cc's table.
// AuditService and SignInService stay hand-written (audit_service.h,
// sign_in_service.h): their streams and log reads do not fit this shape.
//
// The request is parsed here, not by gRPC, so that a request the protobuf
// runtime cannot accept gets INVALID_ARGUMENT naming the field (invalid
// UTF-8) and one with fields this server does not know is refused before it
// is decided (see ParseRequest).

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "base/clock.h"
#include "budget/v1/admin_service.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/impl/service_type.h"
#include "grpcpp/support/byte_buffer.h"
#include "services/api/api.h"

namespace budget {

// Parses `in` into `out`. INVALID_ARGUMENT (with a google.rpc.BadRequest)
// when the bytes are not a valid message of out's type — naming the string
// field that is not valid UTF-8 when that is why — or when they carry fields
// out's type does not define (naming each field number): an unknown field is
// refused, never stored.
absl::Status ParseRequest(const grpc::ByteBuffer& in, google::protobuf::Message* out);

// A read RPC's work: the parsed request (of type `request`) and the admitted
// caller in, the response (of type `response`) or the refusal out.
struct UnaryRead {
  const google::protobuf::Descriptor* request;
  const google::protobuf::Descriptor* response;
  // `reader` is the authenticated caller (empty for an open method).
  std::function<absl::StatusOr<std::unique_ptr<google::protobuf::Message>>(
      const google::protobuf::Message& request, const v1::Principal& reader)>
      read;
};

// Thread safety: Call may run concurrently on gRPC's threads.
class UnaryAdapter {
 public:
  // Neither is owned; `demo_clock` is null when the server runs on the real
  // clock.
  UnaryAdapter(Api* api, base::ManualClock* demo_clock);
  ~UnaryAdapter();

  // OK when every RPC of the served services is served: a mutation by a
  // Command field of its name and request type, a read by an entry of the
  // table with its types, and nothing else; otherwise INTERNAL naming each
  // fault. The server does not start without it.
  absl::Status Verify() const;

  // One grpc::Service per served proto service, to register with the server.
  // Owned by the adapter.
  std::vector<grpc::Service*> services() const;

 private:
  class Service;

  // AdminService.SetClock: moves the demo clock forward.
  absl::StatusOr<v1::SetClockResponse> SetClock(const v1::SetClockRequest& req) const;

  grpc::ServerUnaryReactor* Call(grpc::CallbackServerContext* ctx, const Permission& permission,
                                 const grpc::ByteBuffer& in, grpc::ByteBuffer* out);
  void Mutate(grpc::ServerUnaryReactor* reactor, grpc::CallbackServerContext* ctx,
              const Permission& permission, v1::Principal who, const grpc::ByteBuffer& in,
              grpc::ByteBuffer* out, absl::Time start);

  Api* const api_;
  base::ManualClock* const demo_clock_;
  absl::flat_hash_map<std::string, UnaryRead> reads_;
  std::vector<std::unique_ptr<Service>> services_;
};

}  // namespace budget

#endif  // SERVICES_API_SERVICES_H_
