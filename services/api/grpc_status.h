#ifndef SERVICES_API_GRPC_STATUS_H_
#define SERVICES_API_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace budget {

// The one conversion from the core's absl::Status to the wire. The codes share
// numbers; the status payloads (google.rpc.BadRequest, PreconditionFailure,
// ErrorInfo) become google.rpc.Status.details in the grpc-status-details-bin
// trailer. INTERNAL, DATA_LOSS and UNKNOWN are logged in full and reach the
// client as a short message without paths or keys.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace budget

#endif  // SERVICES_API_GRPC_STATUS_H_
