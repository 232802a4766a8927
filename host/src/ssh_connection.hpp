// One SSH session to a host, shared by all the commands started on it (a channel each),
// and the I/O thread that reads them all.
//
// Threading: libssh must not be used from two threads at once, so every libssh call on
// the session is made with session_mutex_ held. The I/O thread holds it only while it
// drains what has arrived (ssh_event_dopoll with timeout 0, then non-blocking channel
// reads) and waits for more in poll() without it;
// starting a command (a blocking channel open, bounded by the session timeout) takes it
// from the caller's thread, then wakes the I/O thread to watch the new channel. Lines go
// to their handlers with the session unlocked, so a slow handler delays only its host.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <tuna/host.hpp>

#include "child_process.hpp"
#include "ssh_command.hpp"
#include "ssh_host_config.hpp"
#include "ssh_session.hpp"

namespace tuna::host {

class SshConnection {
 public:
  // Connects and logs in (see SshSession); throws std::runtime_error.
  explicit SshConnection(const SshHostConfig& config);
  SshConnection(const SshConnection&) = delete;
  SshConnection& operator=(const SshConnection&) = delete;
  // Ends the I/O thread; a command still running is given up (code -1).
  ~SshConnection();

  // Runs `command_line` through the remote user's shell on a channel of its own, with
  // an empty stdin. Throws std::runtime_error when the channel cannot be opened; the
  // connection then takes no new commands (usable() turns false) but keeps serving
  // the ones it has.
  std::shared_ptr<SshCommand> execute(const std::string& command_line, LineHandler on_line,
                                      std::string pid_marker = {});
  // Gives up on a command: closes its channel and ends it with `reason` as a last err
  // line and code -1, unless it ended first. The remote command may go on running.
  void abandon(const std::shared_ptr<SshCommand>& command, const std::string& reason);
  // False once the connection was lost or could not open a channel: time for a new one.
  bool usable() const;

 private:
  void serve();
  // One pass over the channels with the session locked: returns what to hand over.
  struct Handover {
    std::shared_ptr<SshCommand> command;
    std::vector<OutputLine> lines;
    bool ended = false;
  };
  std::vector<Handover> drain(Clock::time_point& wake_at);
  std::vector<Handover> give_up_all(const std::string& reason);
  void wake() const;

  const SshHostConfig config_;
  mutable std::mutex session_mutex_;
  SshSession session_;
  // Processes whatever has arrived on the session. Reading a channel does that too, but
  // libssh skips it for a channel whose output has ended, and the exit report that
  // follows would then wait for another channel's traffic.
  struct FreeEvent {
    void operator()(ssh_event event) const { ssh_event_free(event); }
  };
  std::unique_ptr<ssh_event_struct, FreeEvent> event_;
  std::vector<std::shared_ptr<SshCommand>> commands_;
  bool lost_ = false;     // the session failed: nothing works on it any more
  bool retired_ = false;  // a channel could not be opened: no new commands
  bool stopping_ = false;

  const UniqueFd wake_;  // an eventfd: written to make the I/O thread look again
  std::thread io_thread_;
};

}  // namespace tuna::host
