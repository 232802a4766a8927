#include "ssh_connection.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace tuna::host {
namespace {

UniqueFd make_eventfd() {
  UniqueFd fd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (fd.get() < 0) throw std::system_error(errno, std::system_category(), "cannot create an eventfd");
  return fd;
}

// A safety net: the I/O thread looks at its channels at least this often while any run.
constexpr std::chrono::milliseconds longest_wait{1000};

int poll_timeout(Clock::time_point wake_at) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(wake_at - Clock::now());
  return static_cast<int>(std::clamp(left, std::chrono::milliseconds(0), longest_wait).count());
}

}  // namespace

SshConnection::SshConnection(const SshHostConfig& config)
    : config_(config), session_(config_), event_(ssh_event_new()), wake_(make_eventfd()) {
  if (!event_ || ssh_event_add_session(event_.get(), session_.get()) != SSH_OK) {
    throw std::runtime_error(fmt::format("{}: cannot watch the SSH session", describe(config_)));
  }
  io_thread_ = std::thread([this] { serve(); });
}

SshConnection::~SshConnection() {
  {
    std::lock_guard lock(session_mutex_);
    stopping_ = true;
  }
  wake();
  io_thread_.join();
}

std::shared_ptr<SshCommand> SshConnection::execute(const std::string& command_line, LineHandler on_line,
                                                   std::string pid_marker) {
  auto command = std::make_shared<SshCommand>(std::move(on_line), std::move(pid_marker));
  std::string error;
  {
    std::lock_guard lock(session_mutex_);
    const ssh_session session = session_.get();
    if (lost_ || stopping_) {
      error = "the connection was lost";
    } else if (ssh_channel channel = ssh_channel_new(session); channel == nullptr) {
      error = "cannot open a channel: " + session_.error();
    } else if (ssh_channel_open_session(channel) != SSH_OK) {
      error = "cannot open a channel: " + session_.error();
      ssh_channel_free(channel);
    } else {
      command->attach(channel);
      if (ssh_channel_request_exec(channel, command_line.c_str()) != SSH_OK) {
        error = "cannot start a command: " + session_.error();
        ssh_channel_free(channel);
      } else {
        // The command reads an empty stdin, as a local one reads /dev/null.
        ssh_channel_send_eof(channel);
        commands_.push_back(command);
      }
    }
    if (!error.empty()) {
      retired_ = true;
      lost_ = lost_ || ssh_is_connected(session) == 0;
    }
  }
  wake();  // to watch the new channel, or to notice a lost session
  if (!error.empty()) throw std::runtime_error(fmt::format("{}: {}", describe(config_), error));
  return command;
}

void SshConnection::abandon(const std::shared_ptr<SshCommand>& command, const std::string& reason) {
  std::vector<OutputLine> lines;
  {
    std::lock_guard lock(session_mutex_);
    const auto found = std::ranges::find(commands_, command);
    if (found == commands_.end()) {
      // Ending already: the I/O thread hands over its last lines, or has.
      command->end(std::nullopt);
      return;
    }
    command->close(lines);
    commands_.erase(found);
  }
  lines.push_back({Stream::err, reason, std::chrono::system_clock::now()});
  command->deliver(lines);
  command->end(ExitStatus{});
}

bool SshConnection::usable() const {
  std::lock_guard lock(session_mutex_);
  return !lost_ && !retired_ && !stopping_ && ssh_is_connected(session_.get()) != 0;
}

void SshConnection::serve() {
  for (bool stopping = false; !stopping;) {
    auto wake_at = Clock::time_point::max();
    std::vector<Handover> handovers;
    int socket = -1;
    {
      std::lock_guard lock(session_mutex_);
      stopping = stopping_;
      handovers = stopping ? give_up_all(fmt::format("the connection to {} was closed", describe(config_)))
                           : drain(wake_at);
      if (!commands_.empty()) socket = ssh_get_fd(session_.get());
    }
    for (const auto& handover : handovers) {
      handover.command->deliver(handover.lines);
      if (handover.ended) handover.command->end(std::nullopt);
    }
    if (stopping) break;
    std::array<pollfd, 2> ready{pollfd{.fd = wake_.get(), .events = POLLIN}, pollfd{.fd = socket, .events = POLLIN}};
    // With no command running nothing is read: a server that closes an idle connection is
    // noticed when the next command cannot open its channel.
    const int timeout = socket >= 0 ? poll_timeout(wake_at) : -1;
    if (poll(ready.data(), ready.size(), timeout) > 0 && ready[0].revents != 0) {
      std::uint64_t count = 0;
      [[maybe_unused]] const auto read_bytes = read(wake_.get(), &count, sizeof count);
    }
  }
}

std::vector<SshConnection::Handover> SshConnection::drain(Clock::time_point& wake_at) {
  const ssh_session session = session_.get();
  std::vector<Handover> handovers;
  if (!commands_.empty() && ssh_event_dopoll(event_.get(), 0) == SSH_ERROR) lost_ = true;
  const auto now = Clock::now();
  for (auto command = commands_.begin(); command != commands_.end() && !lost_;) {
    Handover handover{*command};
    if (!(*command)->read_available(handover.lines)) {
      lost_ = true;
    } else if ((*command)->remote_done(now, wake_at)) {
      (*command)->close(handover.lines);
      handover.ended = true;
      command = commands_.erase(command);
    } else {
      ++command;
    }
    if (!handover.lines.empty() || handover.ended) handovers.push_back(std::move(handover));
  }
  if (!commands_.empty() && ssh_is_connected(session) == 0) lost_ = true;
  if (lost_ && !commands_.empty()) {
    auto given_up = give_up_all(fmt::format("the connection to {} was lost: {}", describe(config_), session_.error()));
    std::ranges::move(given_up, std::back_inserter(handovers));
  }
  return handovers;
}

std::vector<SshConnection::Handover> SshConnection::give_up_all(const std::string& reason) {
  std::vector<Handover> handovers;
  for (auto& command : commands_) {
    Handover handover{command};
    command->close(handover.lines);
    handover.lines.push_back({Stream::err, reason, std::chrono::system_clock::now()});
    handover.ended = true;
    handovers.push_back(std::move(handover));
  }
  commands_.clear();
  return handovers;
}

void SshConnection::wake() const {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = write(wake_.get(), &one, sizeof one);
}

}  // namespace tuna::host
