#include "packet_printer.h"

#include <cstdio>
#include <string>

namespace lucid::examples {

namespace {

constexpr std::size_t kBytesPerRow = 8;

// "  0024  6c 75 63 69 64 20 73 74   meaning", wrapping long fields onto more rows.
void row(std::ostream& out, std::size_t offset, BytesView bytes, const std::string& meaning) {
  std::size_t done = 0;
  bool first = true;
  do {
    const BytesView chunk = bytes.subspan(done, std::min(kBytesPerRow, bytes.size() - done));
    char position[16];
    std::snprintf(position, sizeof position, "%4zu", offset + done);
    std::string hex;
    for (std::uint8_t b : chunk) {
      char two[4];
      std::snprintf(two, sizeof two, "%02x ", b);
      hex += two;
    }
    hex.resize(kBytesPerRow * 3 + 1, ' ');
    std::string line = "  " + (first ? std::string(position) : std::string(4, ' ')) + "  " + hex +
                       (first ? meaning : std::string());
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << "\n";
    done += chunk.size();
    first = false;
  } while (done < bytes.size());
}

std::string hex16(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", v);
  return buf;
}

}  // namespace

void print_message(std::ostream& out, const stun::Message& message) {
  using namespace lucid::stun;
  const BytesView raw(message.raw());
  const std::uint16_t type = static_cast<std::uint16_t>((raw[0] << 8) | raw[1]);
  const std::size_t length = (std::size_t{raw[2]} << 8) | raw[3];
  char method[8];
  std::snprintf(method, sizeof method, "0x%03x", static_cast<unsigned>(message.method()));

  out << "  offset bytes                      meaning\n";
  row(out, 0, raw.subspan(0, 2),
      "message type " + hex16(type) + ": " + method_name(message.method()) + " " +
          std::string(class_name(message.message_class())) + " (method " + method +
          ", class bits " + std::to_string((static_cast<int>(message.message_class()) >> 1) & 1) +
          std::to_string(static_cast<int>(message.message_class()) & 1) + ")");
  row(out, 2, raw.subspan(2, 2),
      "message length " + std::to_string(length) +
          ": bytes of attributes after the 20-byte header");
  row(out, 4, raw.subspan(4, 4), "magic cookie 0x2112a442: this is RFC 5389/8489 STUN");
  row(out, 8, raw.subspan(8, 12), "transaction id " + to_hex(message.transaction_id()));

  const auto& attributes = message.attributes();
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    const std::size_t at = message.raw_offsets()[i];
    const std::uint16_t attr_type = static_cast<std::uint16_t>((raw[at] << 8) | raw[at + 1]);
    const std::size_t attr_length = (std::size_t{raw[at + 2]} << 8) | raw[at + 3];
    out << "\n";
    row(out, at, raw.subspan(at, 4),
        "attribute " + attribute_name(attr_type) + " (type " + hex16(attr_type) + ", " +
            (is_comprehension_required(attr_type) ? "comprehension-required"
                                                  : "comprehension-optional") +
            "), length " + std::to_string(attr_length));
    std::string meaning = describe(attributes[i]);
    if (std::holds_alternative<XorMappedAddress>(attributes[i]))
      meaning += " (port XOR 0x2112, address XOR the cookie" +
                 std::string(std::get<XorMappedAddress>(attributes[i]).address.ip.is_v6()
                                 ? " and transaction id)"
                                 : ")");
    if (attr_length > 0)
      row(out, at + 4, raw.subspan(at + 4, attr_length), meaning);
    else
      out << std::string(2 + 4 + 2 + kBytesPerRow * 3 + 1, ' ') << meaning << "\n";
    const std::size_t padding = (4 - attr_length % 4) % 4;
    if (padding > 0)
      row(out, at + 4 + attr_length, raw.subspan(at + 4 + attr_length, padding),
          "padding to a multiple of 4 bytes");
  }
}

}  // namespace lucid::examples
