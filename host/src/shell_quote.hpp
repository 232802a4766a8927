// POSIX sh quoting: turns words into text that any POSIX shell reads back as exactly
// those words. Used to show commands in dry runs and results, and to build the command
// line an SSH server hands to the remote user's shell, so nothing in a word may ever be
// run: ; | & $( ) backticks, newlines and quotes all come out literal.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tuna::host {

// One word: unchanged when every character is plainly safe (letters, digits, _-./=:,+@%),
// '' when empty, otherwise single-quoted (a ' inside becomes '\'' ). A leading '-' stays
// as it is: whether it reads as an option is the program's business, not the shell's.
std::string shell_quote(std::string_view word);

// Every word quoted, separated by single spaces: what you paste into a shell to run argv.
std::string shell_join(const std::vector<std::string>& argv);

}  // namespace tuna::host
