#include "redacting_sink.hpp"

namespace tuna::host {

RedactingSink::RedactingSink(std::shared_ptr<spdlog::sinks::sink> next,
                             std::shared_ptr<const SecretRedactor> secrets)
    : next_(std::move(next)), secrets_(std::move(secrets)) {
  set_level(next_->level());
}

void RedactingSink::log(const spdlog::details::log_msg& message) {
  const auto text = secrets_->redact(std::string_view(message.payload.data(), message.payload.size()));
  auto redacted_message = message;
  redacted_message.payload = text;
  next_->log(redacted_message);
}

void redact_sinks(spdlog::logger& log, const std::shared_ptr<const SecretRedactor>& secrets) {
  for (auto& sink : log.sinks()) sink = std::make_shared<RedactingSink>(sink, secrets);
}

}  // namespace tuna::host
