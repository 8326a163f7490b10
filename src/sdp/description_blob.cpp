#include "sdp/description_blob.h"

#include <cstdint>
#include <cstdio>
#include <optional>

#include "common/base64.h"
#include "sdp/text.h"

namespace lucid::sdp {

namespace {

// RFC 8259 §7: quotation mark, reverse solidus and the control characters must be escaped.
std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;  // UTF-8 passes through unchanged
        }
    }
  }
  return out + "\"";
}

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// A reader for exactly the JSON this file needs: one object whose values are strings.
class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  Result<SessionDescription> read_description() {
    std::optional<std::string> type;
    std::optional<std::string> sdp;
    skip_space();
    if (!consume('{')) return error("expected '{'");
    skip_space();
    if (!consume('}')) {
      while (true) {
        skip_space();
        auto key = read_string();
        if (!key) return key.error();
        skip_space();
        if (!consume(':')) return error("expected ':' after a key");
        skip_space();
        auto value = read_string();
        if (!value) return value.error();
        if (*key == "type") type = std::move(*value);
        if (*key == "sdp") sdp = std::move(*value);
        skip_space();
        if (consume('}')) break;
        if (!consume(',')) return error("expected ',' or '}'");
      }
    }
    skip_space();
    if (pos_ != text_.size()) return error("text after the object");
    if (!type) return fail("JSON has no \"type\"");
    auto sdp_type = parse_sdp_type(*type);
    if (!sdp_type) return fail("JSON \"type\" " + detail::quote(*type) + " is not offer, pranswer, answer or rollback");
    return SessionDescription{*sdp_type, sdp.value_or("")};
  }

 private:
  // Positions count from 0, like JavaScript string indexes.
  Error error(std::string what) const { return fail(std::move(what), "JSON character " + std::to_string(pos_)); }

  void skip_space() {
    // RFC 8259 §2: ws = space, tab, line feed, carriage return
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) ++pos_;
  }

  bool consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Result<std::uint32_t> read_hex4() {
    if (text_.size() - pos_ < 4) return error("\\u needs four hex digits");
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_++];
      int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (digit < 0) return error("\\u needs four hex digits");
      value = value * 16 + static_cast<std::uint32_t>(digit);
    }
    return value;
  }

  Result<std::string> read_string() {
    if (!consume('"')) return error("expected a string");
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) return error("unterminated string");
      char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return error("unescaped control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) return error("unterminated escape");
      char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto unit = read_hex4();
          if (!unit) return unit.error();
          std::uint32_t code_point = *unit;
          // RFC 8259 §7: characters outside the BMP are a surrogate pair \uD83D\uDE00.
          if (code_point >= 0xD800 && code_point <= 0xDBFF) {
            if (!consume('\\') || !consume('u')) return error("a high surrogate without its low half");
            auto low = read_hex4();
            if (!low) return low.error();
            if (*low < 0xDC00 || *low > 0xDFFF) return error("a high surrogate without its low half");
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (*low - 0xDC00);
          } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
            return error("a low surrogate without its high half");
          }
          append_utf8(out, code_point);
          break;
        }
        default: return error("unknown escape \\" + std::string(1, e));
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string_view trim(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string to_json(const SessionDescription& description) {
  return "{\"type\":" + json_string(to_string(description.type)) + ",\"sdp\":" + json_string(description.sdp) + "}";
}

Result<SessionDescription> from_json(std::string_view json) { return JsonReader(json).read_description(); }

std::string encode_blob(const SessionDescription& description) {
  return base64_encode(to_bytes(to_json(description)));
}

Result<SessionDescription> decode_blob(std::string_view text, SdpType type_if_plain_sdp) {
  text = trim(text);
  // The trim took the last line ending; put one back so the text is whole SDP again.
  if (text.starts_with("v=")) return SessionDescription{type_if_plain_sdp, std::string(text) + "\r\n"};
  if (text.starts_with("{")) return from_json(text);
  auto bytes = base64_decode(text);
  if (!bytes) return fail("neither SDP, JSON nor base64: " + bytes.error().message());
  std::string decoded = lucid::to_string(*bytes);
  std::string_view inner = trim(decoded);
  if (inner.starts_with("{")) return from_json(inner);
  // Some tutorials encode the SDP text alone.
  if (inner.starts_with("v=")) return SessionDescription{type_if_plain_sdp, decoded};
  return fail("the base64 blob holds neither JSON nor SDP");
}

}  // namespace lucid::sdp
