#include "reunite/completions.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "reunite/error.h"

namespace reunite {

namespace {

// What the generators need to know about one option, read from CLI11's model.
struct OptionModel {
  std::vector<std::string> short_names;  // without '-'
  std::vector<std::string> long_names;   // without '--'
  std::string description;
  bool takes_value = false;
  bool is_file = false;
  std::vector<std::string> choices;  // from an IsMember validator: "{a,b,c}" in the type name
};

struct CommandModel {
  std::string name;  // empty for the top level
  std::string description;
  std::vector<OptionModel> options;
  std::vector<CommandModel> subcommands;
  bool takes_files = false;  // has a positional FILE argument
};

std::vector<std::string> parse_choices(const std::string& type_name) {
  std::vector<std::string> choices;
  auto open = type_name.find('{');
  auto close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return choices;
  std::string inner = type_name.substr(open + 1, close - open - 1);
  std::size_t start = 0;
  while (start <= inner.size()) {
    std::size_t comma = std::min(inner.find(',', start), inner.size());
    std::string word = inner.substr(start, comma - start);
    word.erase(0, word.find_first_not_of(' '));
    if (!word.empty()) choices.push_back(word);
    start = comma + 1;
  }
  return choices;
}

CommandModel build_model(const CLI::App& app, std::string name) {
  CommandModel command;
  command.name = std::move(name);
  command.description = app.get_description();
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) continue;  // hidden
    if (option->get_lnames().empty() && option->get_snames().empty()) {
      command.takes_files = true;  // a positional
      continue;
    }
    OptionModel model;
    model.short_names = option->get_snames();
    model.long_names = option->get_lnames();
    model.description = option->get_description();
    model.takes_value = option->get_expected_max() > 0;  // flags expect no value
    std::string type_name = option->get_type_name();
    model.is_file = type_name.find("FILE") != std::string::npos ||
                    type_name.find("PATH") != std::string::npos ||
                    type_name.find("DIR") != std::string::npos;
    model.choices = parse_choices(type_name);
    command.options.push_back(std::move(model));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    command.subcommands.push_back(build_model(*sub, sub->get_name()));
  }
  return command;
}

std::string join(const std::vector<std::string>& words, const char* separator) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += separator;
    out += word;
  }
  return out;
}

std::string identifier(const std::string& command) {
  std::string out = "_";
  for (char c : command) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

// Escapes text for a single-quoted shell word.
std::string single_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// ---- bash ----------------------------------------------------------------------------------

std::string bash_level(const CommandModel& command) {
  std::vector<std::string> words;
  std::string value_cases;
  for (const auto& option : command.options) {
    std::vector<std::string> names;
    for (const auto& s : option.short_names) names.push_back("-" + s);
    for (const auto& l : option.long_names) names.push_back("--" + l);
    words.insert(words.end(), names.begin(), names.end());
    if (!option.takes_value) continue;
    std::string action = "return 0 ;;";
    if (option.is_file) {
      action = "COMPREPLY=($(compgen -f -- \"$cur\")); return 0 ;;";
    } else if (!option.choices.empty()) {
      action = fmt::format("COMPREPLY=($(compgen -W {} -- \"$cur\")); return 0 ;;",
                           single_quoted(join(option.choices, " ")));
    }
    value_cases += fmt::format("      {}) {}\n", join(names, "|"), action);
  }
  std::vector<std::string> subcommand_names;
  for (const auto& sub : command.subcommands) subcommand_names.push_back(sub.name);
  std::string out;
  out += "    case \"$prev\" in\n" + value_cases + "    esac\n";
  out += fmt::format(
      "    if [[ $cur == -* ]]; then\n"
      "      COMPREPLY=($(compgen -W {} -- \"$cur\"))\n"
      "      return 0\n    fi\n",
      single_quoted(join(words, " ")));
  if (!subcommand_names.empty()) {
    out += fmt::format("    COMPREPLY=($(compgen -W {} -- \"$cur\"))\n",
                       single_quoted(join(subcommand_names, " ")));
  }
  if (command.takes_files) out += "    COMPREPLY+=($(compgen -f -- \"$cur\"))\n";
  return out;
}

std::string bash_script(const CommandModel& top, const std::string& command) {
  std::string function = identifier(command);
  std::string out = fmt::format(
      "# bash completion for {0}; generated by `{0} --completions bash`, do not edit.\n"
      "{1}() {{\n"
      "  local cur=\"${{COMP_WORDS[COMP_CWORD]}}\" prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\"\n"
      "  local sub=\"\" word\n",
      command, function);
  if (!top.subcommands.empty()) {
    std::vector<std::string> names;
    for (const auto& sub : top.subcommands) names.push_back(sub.name);
    out += fmt::format(
        "  for word in \"${{COMP_WORDS[@]:1:COMP_CWORD-1}}\"; do\n"
        "    case \"$word\" in {}) sub=$word; break ;; esac\n  done\n",
        join(names, "|"));
  }
  out += "  COMPREPLY=()\n  case \"$sub\" in\n";
  for (const auto& sub : top.subcommands) {
    out += fmt::format("  {})\n{}    ;;\n", sub.name, bash_level(sub));
  }
  out += "  *)\n" + bash_level(top) + "    ;;\n  esac\n}\n";
  out += fmt::format("complete -o filenames -F {} {}\n", function, command);
  return out;
}

// ---- zsh -----------------------------------------------------------------------------------

std::string zsh_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    if (c == '\'') {
      out += "'\\''";
      continue;
    }
    out += c;
  }
  return out;
}

std::string zsh_specs(const CommandModel& command) {
  std::string out;
  for (const auto& option : command.options) {
    std::vector<std::string> names;
    for (const auto& s : option.short_names) names.push_back("-" + s);
    for (const auto& l : option.long_names) names.push_back("--" + l);
    std::string action;
    if (option.takes_value) {
      if (option.is_file) {
        action = ":file:_files";
      } else if (!option.choices.empty()) {
        action = ":value:(" + join(option.choices, " ") + ")";
      } else {
        action = ":value: ";
      }
    }
    std::string description = "[" + zsh_escape(option.description) + "]";
    if (names.size() == 1) {
      out += "    '" + names[0] + description + action + "' \\\n";
    } else {
      out += "    '(" + join(names, " ") + ")'{" + join(names, ",") + "}'" + description + action +
             "' \\\n";
    }
  }
  return out;
}

std::string zsh_script(const CommandModel& top, const std::string& command) {
  std::string function = identifier(command);
  std::string out = fmt::format(
      "#compdef {0}\n# zsh completion for {0}; generated by `{0} --completions zsh`, do not "
      "edit.\n\n",
      command);
  if (top.subcommands.empty()) {
    out += function + "() {\n  _arguments -s \\\n" + zsh_specs(top);
    out += top.takes_files ? "    '*:file:_files'\n}\n" : "    \n}\n";
  } else {
    out += function + "() {\n  local line state\n  _arguments -C -s \\\n" + zsh_specs(top);
    out += "    '1: :->command' \\\n    '*:: :->arguments'\n  case $state in\n";
    out += "    command)\n      local -a commands\n      commands=(\n";
    for (const auto& sub : top.subcommands) {
      out += "        '" + sub.name + ":" + zsh_escape(sub.description) + "'\n";
    }
    out += "      )\n      _describe command commands ;;\n    arguments)\n      case $line[1] in\n";
    for (const auto& sub : top.subcommands) {
      out += "        " + sub.name + ")\n          _arguments -s \\\n" + zsh_specs(sub);
      out += sub.takes_files ? "    '*:file:_files' ;;\n" : "     ;;\n";
    }
    out += "      esac ;;\n  esac\n}\n";
  }
  out += "\n" + function + " \"$@\"\n";
  return out;
}

// ---- fish ----------------------------------------------------------------------------------

std::string fish_lines(const CommandModel& command, const std::string& program,
                       const std::string& condition) {
  std::string out;
  for (const auto& option : command.options) {
    std::string line = "complete -c " + program;
    if (!condition.empty()) line += " -n " + single_quoted(condition);
    for (const auto& s : option.short_names) line += " -s " + s;
    for (const auto& l : option.long_names) line += " -l " + l;
    if (option.takes_value) {
      if (option.is_file) {
        line += " -r -F";
      } else if (!option.choices.empty()) {
        line += " -x -a " + single_quoted(join(option.choices, " "));
      } else {
        line += " -x";
      }
    }
    line += " -d " + single_quoted(option.description);
    out += line + "\n";
  }
  return out;
}

std::string fish_script(const CommandModel& top, const std::string& command) {
  std::string out = fmt::format(
      "# fish completion for {0}; generated by `{0} --completions fish`, do not edit.\n", command);
  if (top.subcommands.empty()) return out + fish_lines(top, command, "");
  for (const auto& sub : top.subcommands) {
    out += fmt::format("complete -c {} -n '__fish_use_subcommand' -f -a {} -d {}\n", command,
                       sub.name, single_quoted(sub.description));
  }
  out += fish_lines(top, command, "");
  for (const auto& sub : top.subcommands) {
    out += fish_lines(sub, command, "__fish_seen_subcommand_from " + sub.name);
  }
  return out;
}

}  // namespace

std::string completion_script(const CLI::App& app, const std::string& command,
                              const std::string& shell) {
  CommandModel model = build_model(app, "");
  if (shell == "bash") return bash_script(model, command);
  if (shell == "zsh") return zsh_script(model, command);
  if (shell == "fish") return fish_script(model, command);
  throw UsageError("--completions: unknown shell '" + shell + "' (bash, zsh or fish)");
}

}  // namespace reunite
