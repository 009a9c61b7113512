#include "services/domain/command_util.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace budget {

const google::protobuf::Message& RequestOf(const internal::Command& command) {
  const auto* reflection = command.GetReflection();
  static const auto* const oneof = internal::Command::descriptor()->FindOneofByName("kind");
  return reflection->GetMessage(command, reflection->GetOneofFieldDescriptor(command, oneof));
}

const std::string& RequestIdOf(const internal::Command& command) {
  const google::protobuf::Message& request = RequestOf(command);
  return request.GetReflection()->GetStringReference(
      request, request.GetDescriptor()->FindFieldByNumber(1), nullptr);
}

std::string CommandName(const internal::Command& command) {
  if (command.kind_case() == internal::Command::KIND_NOT_SET) return "Unknown";
  absl::string_view name = RequestOf(command).GetDescriptor()->name();
  absl::ConsumeSuffix(&name, "Request");
  return std::string(name);
}

std::string Fingerprint(const internal::Command& command) {
  internal::Command copy = command;
  copy.DiscardUnknownFields();
  google::protobuf::Message* request = copy.GetReflection()->MutableMessage(
      &copy,
      copy.GetReflection()->GetOneofFieldDescriptor(copy, copy.GetDescriptor()->oneof_decl(0)));
  request->GetReflection()->ClearField(request, request->GetDescriptor()->FindFieldByNumber(1));
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy.SerializeToCodedStream(&coded);
  }
  return out;
}

}  // namespace budget
