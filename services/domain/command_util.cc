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

std::string Fingerprint(internal::Command* command) {
  google::protobuf::Message* request = command->GetReflection()->MutableMessage(
      command, command->GetReflection()->GetOneofFieldDescriptor(
                   *command, command->GetDescriptor()->oneof_decl(0)));
  const google::protobuf::FieldDescriptor* id = request->GetDescriptor()->FindFieldByNumber(1);
  const google::protobuf::Reflection* reflection = request->GetReflection();
  std::string request_id = reflection->GetString(*request, id);
  reflection->ClearField(request, id);
  // Sized first and written into place: a StringOutputStream would pad the
  // string to its capacity on every buffer it hands out.
  std::string out(command->ByteSizeLong(), '\0');
  {
    google::protobuf::io::ArrayOutputStream stream(out.data(), static_cast<int>(out.size()));
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    command->SerializeWithCachedSizes(&coded);
  }
  reflection->SetString(request, id, std::move(request_id));
  return out;
}

}  // namespace budget
