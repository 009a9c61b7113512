#include "services/http/connect.h"

#include <memory>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"
#include "nlohmann/json.hpp"

namespace budget::http {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::Message;
using google::protobuf::MessageFactory;

struct CodeInfo {
  absl::string_view name;
  int http;
};

// Indexed by grpc::StatusCode (0..16), as the protocol's table gives them.
constexpr CodeInfo kCodes[] = {
    {"ok", 200},
    {"canceled", 499},
    {"unknown", 500},
    {"invalid_argument", 400},
    {"deadline_exceeded", 504},
    {"not_found", 404},
    {"already_exists", 409},
    {"permission_denied", 403},
    {"resource_exhausted", 429},
    {"failed_precondition", 400},
    {"aborted", 409},
    {"out_of_range", 400},
    {"unimplemented", 501},
    {"internal", 500},
    {"unavailable", 503},
    {"data_loss", 500},
    {"unauthenticated", 401},
};

const CodeInfo& Info(grpc::StatusCode code) {
  const int i = static_cast<int>(code);
  return i >= 0 && i < static_cast<int>(std::size(kCodes)) ? kCodes[i] : kCodes[2];
}

// A fresh message of `type`, generated when linked in (dynamic otherwise).
std::unique_ptr<Message> NewMessage(const Descriptor* type) {
  static MessageFactory* const dynamic = new google::protobuf::DynamicMessageFactory();
  const Message* prototype = MessageFactory::generated_factory()->GetPrototype(type);
  if (prototype == nullptr) prototype = dynamic->GetPrototype(type);
  return std::unique_ptr<Message>(prototype->New());
}

// The detail as JSON, or null when its type is unknown here.
nlohmann::json Debug(const google::protobuf::Any& any) {
  const Descriptor* type = DescriptorPool::generated_pool()->FindMessageTypeByName(
      std::string(absl::StripPrefix(any.type_url(), "type.googleapis.com/")));
  if (type == nullptr) return nullptr;
  absl::StatusOr<std::string> json = FromBinary(type, Codec::kJson, any.value());
  if (!json.ok()) return nullptr;
  return nlohmann::json::parse(*json, nullptr, /*allow_exceptions=*/false);
}

nlohmann::json ErrorObject(const grpc::Status& status) {
  nlohmann::json error = {{"code", std::string(CodeName(status.error_code()))}};
  if (!status.error_message().empty()) error["message"] = status.error_message();
  google::rpc::Status rpc;
  if (!status.error_details().empty() && rpc.ParseFromString(status.error_details())) {
    nlohmann::json details = nlohmann::json::array();
    for (const google::protobuf::Any& any : rpc.details()) {
      std::string value = absl::Base64Escape(any.value());
      while (!value.empty() && value.back() == '=') value.pop_back();
      nlohmann::json detail = {
          {"type", std::string(absl::StripPrefix(any.type_url(), "type.googleapis.com/"))},
          {"value", value}};
      if (nlohmann::json debug = Debug(any); !debug.is_null()) detail["debug"] = debug;
      details.push_back(std::move(detail));
    }
    if (!details.empty()) error["details"] = std::move(details);
  }
  return error;
}

}  // namespace

absl::string_view CodeName(grpc::StatusCode code) { return Info(code).name; }

int HttpStatus(grpc::StatusCode code) { return Info(code).http; }

std::string ErrorJson(const grpc::Status& status) { return ErrorObject(status).dump(); }

std::string EndStreamJson(const grpc::Status& status) {
  if (status.ok()) return "{}";
  return nlohmann::json{{"error", ErrorObject(status)}}.dump();
}

std::string Envelope(uint8_t flags, absl::string_view payload) {
  const uint32_t n = static_cast<uint32_t>(payload.size());
  std::string out;
  out.reserve(5 + payload.size());
  out.push_back(static_cast<char>(flags));
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((n >> shift) & 0xff));
  out.append(payload.data(), payload.size());
  return out;
}

absl::StatusOr<std::string> SingleEnvelope(absl::string_view body) {
  if (body.size() < 5) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request envelope is truncated: ", body.size(), " of 5 prefix bytes"));
  }
  const uint8_t flags = static_cast<uint8_t>(body[0]);
  uint32_t n = 0;
  for (int i = 1; i < 5; ++i) n = (n << 8) | static_cast<uint8_t>(body[i]);
  if (flags & kFlagCompressed) {
    return absl::InvalidArgumentError("the request envelope is compressed, but no encoding was");
  }
  if (body.size() - 5 < n) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request envelope is truncated: ", body.size() - 5, " of ", n, " bytes"));
  }
  if (body.size() - 5 > n) {
    return absl::InvalidArgumentError(
        "the request holds more than one envelope; a server-streaming call takes one message");
  }
  return std::string(body.substr(5));
}

absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view header) {
  int64_t ms = 0;
  if (header.empty() || header.size() > 10 || !absl::c_all_of(header, absl::ascii_isdigit) ||
      !absl::SimpleAtoi(header, &ms) || ms <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("Connect-Timeout-Ms must be a positive integer of at most 10 digits, got \"",
                     header, "\""));
  }
  return absl::Milliseconds(ms);
}

absl::StatusOr<Codec> CodecOf(absl::string_view content_type, bool streaming) {
  std::string type = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(content_type.substr(0, content_type.find(';'))));
  absl::string_view rest = type;
  if (streaming != absl::ConsumePrefix(&rest, "application/connect+")) {
    return absl::NotFoundError("");
  }
  if (!streaming) absl::ConsumePrefix(&rest, "application/");
  if (rest == "json") return Codec::kJson;
  if (rest == "proto") return Codec::kProto;
  return absl::NotFoundError("");
}

absl::StatusOr<std::string> ToBinary(const Descriptor* type, Codec codec, absl::string_view body) {
  std::unique_ptr<Message> message = NewMessage(type);
  if (codec == Codec::kProto) {
    if (!message->ParseFromArray(body.data(), static_cast<int>(body.size()))) {
      return absl::InvalidArgumentError(
          absl::StrCat("the body is not a binary ", type->full_name(), " message"));
    }
    return std::string(body);
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(body.data(), body.size()), message.get(), options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("the body is not a JSON ", type->full_name(),
                                                   " message: ", status.message().ToString()));
  }
  return message->SerializeAsString();
}

absl::StatusOr<std::string> FromBinary(const Descriptor* type, Codec codec,
                                       absl::string_view binary) {
  if (codec == Codec::kProto) return std::string(binary);
  std::unique_ptr<Message> message = NewMessage(type);
  if (!message->ParseFromArray(binary.data(), static_cast<int>(binary.size()))) {
    return absl::InternalError(absl::StrCat("the answer is not a ", type->full_name()));
  }
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(*message, &json);
  if (!status.ok()) return absl::InternalError(status.message().ToString());
  return json;
}

}  // namespace budget::http
