#include "sdp/parser.h"

#include <map>
#include <string>
#include <vector>

#include "common/trace.h"
#include "sdp/attribute_parser.h"
#include "sdp/text.h"
#include "sdp/writer.h"

namespace lucid::sdp {

namespace {

using detail::quote;

// RFC 8866 §5 fixes the order of the lines in each part. A rank per type letter: a line may
// follow lines of its own rank or lower. Repeatable types may appear more than once.
struct LineRule {
  char type;
  int rank;
  bool repeatable;
};

constexpr LineRule kSessionRules[] = {
    {'o', 1, false}, {'s', 2, false}, {'i', 3, false}, {'u', 4, false}, {'e', 5, true},
    {'p', 6, true},  {'c', 7, false}, {'b', 8, true},  {'t', 9, true},  {'r', 9, true},
    {'z', 10, false}, {'k', 11, false}, {'a', 12, true}};
constexpr LineRule kMediaRules[] = {
    {'i', 1, false}, {'c', 2, false}, {'b', 3, true}, {'k', 4, false}, {'a', 5, true}};

template <std::size_t N>
const LineRule* rule_for(const LineRule (&rules)[N], char type) {
  for (const auto& rule : rules) {
    if (rule.type == type) return &rule;
  }
  return nullptr;
}

class Parser {
 public:
  explicit Parser(const ParseLimits& limits) : limits_(limits) {}

  Result<Description> run(std::string_view text);

 private:
  Status line(std::string_view text);
  Status session_line(char type, std::string_view value);
  Status media_line(char type, std::string_view value);
  Status m_line(std::string_view value);
  Status attribute(std::string_view value);
  Status check_order(char type);
  Status check_session_complete() const;
  Error error(std::string what) const { return fail(std::move(what), "line " + std::to_string(number_)); }

  ParseLimits limits_;
  Description d_;
  MediaDescription* media_ = nullptr;  // the section being read; null in the session part
  std::size_t number_ = 0;             // 1-based number of the line being read
  int rank_ = 0;                       // rank of the last line in this part (kSessionRules/kMediaRules)
  char last_type_ = 'v';
  std::string seen_;                   // non-repeatable types seen in this part
  bool seen_t_ = false;
  std::map<std::string, std::size_t> mid_lines_;  // mid -> line, to refuse duplicates
};

Result<Description> Parser::run(std::string_view text) {
  // Limits first: nothing below looks at more than max_size bytes.
  if (text.size() > limits_.max_size) {
    return fail("SDP is " + std::to_string(text.size()) + " bytes, more than the " +
                std::to_string(limits_.max_size) + " allowed");
  }
  // RFC 8866 §5: lines end with CRLF; a parser should also accept a bare LF.
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  // Empty lines at the end are forgiven: pasted text often ends with an extra newline.
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return fail("empty SDP: expected v=0 as the first line");

  for (std::size_t i = 0; i < lines.size(); ++i) {
    number_ = i + 1;
    auto ok = line(lines[i]);
    if (!ok) return ok.error();
  }
  if (!media_) {
    auto complete = check_session_complete();
    if (!complete) return complete.error();
  }

  // Remember how each line was spelled where lucid would write it differently, so that writing
  // an unchanged description gives back the same text.
  auto canonical = detail::canonical_lines(d_);
  if (canonical.size() == lines.size()) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (canonical[i] != lines[i]) d_.original_spellings[canonical[i]] = std::string(lines[i]);
    }
  }
  LUCID_TRACE("sdp", "parsed ", lines.size(), " lines, ", d_.media.size(), " m= section(s)");
  return std::move(d_);
}

Status Parser::line(std::string_view text) {
  if (text.size() > limits_.max_line_length) {
    return error("line is " + std::to_string(text.size()) + " bytes long, more than the " +
                 std::to_string(limits_.max_line_length) + " allowed");
  }
  if (text.find('\0') != std::string_view::npos) return error("contains a NUL byte");
  if (text.find('\r') != std::string_view::npos) return error("contains a CR that does not end the line");
  // RFC 8866 §5: <type>=<value>, where <type> is exactly one case-significant character.
  if (text.size() < 2 || text[1] != '=' || text[0] < 'a' || text[0] > 'z') {
    return error("expected <type>=<value>, found " + quote(text));
  }
  char type = text[0];
  std::string_view value = text.substr(2);

  if (number_ == 1) {
    // RFC 8866 §5.1: v=0 is the first line; there is no other version.
    if (type != 'v') return error("the first line must be v=0, found " + quote(text));
    if (value != "0") return error("unsupported SDP version " + quote(value) + " (only v=0 exists)");
    return Ok{};
  }
  if (type == 'v') return error("v= may only be the first line");
  if (type == 'm') return m_line(value);
  return media_ ? media_line(type, value) : session_line(type, value);
}

Status Parser::check_order(char type) {
  const LineRule* rule = media_ ? rule_for(kMediaRules, type) : rule_for(kSessionRules, type);
  if (!rule) {
    if (media_ && rule_for(kSessionRules, type)) {
      return error(std::string(1, type) + "= is a session-level line and cannot appear after m=");
    }
    return error("unknown line type " + quote(std::string(1, type) + "="));
  }
  if (rule->rank < rank_) {
    return error(std::string(1, type) + "= cannot come after " + std::string(1, last_type_) +
                 "= (RFC 8866 §5 fixes the order of lines)");
  }
  if (!rule->repeatable) {
    if (seen_.find(type) != std::string::npos) return error("a second " + std::string(1, type) + "= line");
    seen_ += type;
  }
  if (type == 'r' && !seen_t_) return error("r= must follow a t= line");
  rank_ = rule->rank;
  last_type_ = type;
  return Ok{};
}

Status Parser::session_line(char type, std::string_view value) {
  auto ordered = check_order(type);
  if (!ordered) return ordered;
  switch (type) {
    case 'o': {
      auto origin = Origin::parse(value);
      if (!origin) return error("o= line: " + origin.error().what);
      d_.origin = std::move(*origin);
      return Ok{};
    }
    case 's':
      // RFC 8866 §5.3: s= must not be empty; WebRTC writes "s=-".
      if (value.empty()) return error("s= must not be empty (WebRTC writes s=-)");
      d_.session_name = std::string(value);
      return Ok{};
    case 'i': d_.information = std::string(value); return Ok{};
    case 'u': d_.uri = std::string(value); return Ok{};
    case 'e': d_.emails.emplace_back(value); return Ok{};
    case 'p': d_.phones.emplace_back(value); return Ok{};
    case 'c': {
      auto connection = Connection::parse(value);
      if (!connection) return error("c= line: " + connection.error().what);
      d_.connection = std::move(*connection);
      return Ok{};
    }
    case 'b': {
      auto bandwidth = Bandwidth::parse(value);
      if (!bandwidth) return error("b= line: " + bandwidth.error().what);
      d_.bandwidths.push_back(std::move(*bandwidth));
      return Ok{};
    }
    case 't':
      if (!seen_t_) {
        auto timing = Timing::parse(value);
        if (!timing) return error("t= line: " + timing.error().what);
        d_.timing = *timing;
        seen_t_ = true;
        return Ok{};
      }
      break;  // a second t= is kept as text, like r= z= k=
    case 'a': return attribute(value);
    default: break;
  }
  d_.other_fields.push_back(std::string(1, type) + "=" + std::string(value));
  return Ok{};
}

Status Parser::media_line(char type, std::string_view value) {
  auto ordered = check_order(type);
  if (!ordered) return ordered;
  switch (type) {
    case 'i': media_->information = std::string(value); return Ok{};
    case 'c': {
      auto connection = Connection::parse(value);
      if (!connection) return error("c= line: " + connection.error().what);
      media_->connection = std::move(*connection);
      return Ok{};
    }
    case 'b': {
      auto bandwidth = Bandwidth::parse(value);
      if (!bandwidth) return error("b= line: " + bandwidth.error().what);
      media_->bandwidths.push_back(std::move(*bandwidth));
      return Ok{};
    }
    case 'a': return attribute(value);
    default:
      media_->other_fields.push_back(std::string(1, type) + "=" + std::string(value));
      return Ok{};
  }
}

Status Parser::check_session_complete() const {
  // RFC 8866 §5: o=, s= and t= are required in the session part.
  for (char type : {'o', 's'}) {
    if (seen_.find(type) == std::string::npos) {
      return error("the session part has no " + std::string(1, type) + "= line");
    }
  }
  if (!seen_t_) return error("the session part has no t= line");
  return Ok{};
}

Status Parser::m_line(std::string_view value) {
  if (!media_) {
    auto complete = check_session_complete();
    if (!complete) return complete;
  }
  // RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
  auto fields = detail::split(value, ' ');
  for (auto field : fields) {
    if (field.empty()) return error("m= line: fields must be separated by exactly one space");
  }
  if (fields.size() < 4) return error("m= line: needs media, port, proto and at least one format");
  MediaDescription m;
  m.formats.clear();
  if (!detail::is_token(fields[0])) return error("m= line: media " + quote(fields[0]) + " is not a token");
  m.media = std::string(fields[0]);

  auto [port_text, count_text] = detail::split_once(fields[1], '/');
  auto port = detail::parse_uint(port_text, 65535);
  if (!port) return error("m= line: " + detail::number_error("port", port_text));
  m.port = static_cast<std::uint16_t>(*port);
  if (count_text) {
    auto count = detail::parse_uint(*count_text, 65535);
    if (!count || *count == 0) return error("m= line: " + detail::number_error("number of ports", *count_text));
    m.port_count = static_cast<std::uint16_t>(*count);
  }
  // proto = token *("/" token)
  for (auto part : detail::split(fields[2], '/')) {
    if (!detail::is_token(part)) return error("m= line: proto " + quote(fields[2]) + " is not valid");
  }
  m.proto = std::string(fields[2]);
  for (std::size_t i = 3; i < fields.size(); ++i) {
    if (!detail::is_token(fields[i])) return error("m= line: format " + quote(fields[i]) + " is not a token");
    m.formats.emplace_back(fields[i]);
  }

  d_.media.push_back(std::move(m));
  media_ = &d_.media.back();
  rank_ = 0;
  last_type_ = 'm';
  seen_.clear();
  return Ok{};
}

Status Parser::attribute(std::string_view value) {
  // RFC 8866 §5.13: a=<attribute-name>[:<attribute-value>]
  auto [name, attribute_value] = detail::split_once(value, ':');
  if (!detail::is_token(name)) return error("attribute name " + quote(name) + " is not a token");

  AttributeKind kind = detail::attribute_kind(name);
  if (!media_ && !detail::allowed_at_session_level(kind)) {
    return error("a=" + std::string(name) + ": is a media-level attribute and appears before the first m= line");
  }
  if (media_ && !detail::allowed_at_media_level(kind)) {
    return error("a=" + std::string(name) + ": is a session-level attribute and appears in a media section");
  }
  auto index = media_ ? detail::apply_attribute(*media_, kind, name, attribute_value)
                      : detail::apply_attribute(d_, kind, name, attribute_value);
  if (!index) return error("a=" + std::string(name) + ": " + index.error().what);

  CommonAttributes& section = media_ ? static_cast<CommonAttributes&>(*media_) : d_;
  section.attribute_order.push_back({kind, *index});

  if (kind == AttributeKind::Mid) {
    // RFC 8843 §7.1 (and RFC 5888 §4): a mid identifies one m= section, so it is unique.
    auto [it, inserted] = mid_lines_.emplace(*media_->mid, number_);
    if (!inserted) {
      return error("a=mid: " + quote(*media_->mid) + " is already used on line " + std::to_string(it->second));
    }
  }
  return Ok{};
}

}  // namespace

Result<Description> parse(std::string_view text, const ParseLimits& limits) {
  Parser parser(limits);
  auto result = parser.run(text);
  if (!result) LUCID_TRACE("sdp", "refused SDP: ", result.error().message());
  return result;
}

}  // namespace lucid::sdp
