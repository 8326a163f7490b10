#include "impair/impairment.h"

#include <charconv>
#include <cstdio>

namespace lucid::impair {

namespace {

// "20ms", "1.5s", "250us" -> a Duration.
std::optional<Duration> parse_duration(std::string_view v) {
  double number = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
  if (ec != std::errc{} || number < 0) return std::nullopt;
  const std::string_view unit(end, static_cast<std::size_t>(v.data() + v.size() - end));
  double us = 0;
  if (unit == "us") us = number;
  else if (unit == "ms") us = number * 1e3;
  else if (unit == "s") us = number * 1e6;
  else return std::nullopt;
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::micro>(us));
}

// "10mbit", "500kbit", "2mbyte", "0" -> bytes per second.
std::optional<double> parse_rate(std::string_view v) {
  double number = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
  if (ec != std::errc{} || number < 0) return std::nullopt;
  const std::string_view unit(end, static_cast<std::size_t>(v.data() + v.size() - end));
  if (unit.empty() && number == 0) return 0.0;
  if (unit == "kbit") return number * 1e3 / 8;
  if (unit == "mbit") return number * 1e6 / 8;
  if (unit == "kbyte") return number * 1e3;
  if (unit == "mbyte") return number * 1e6;
  return std::nullopt;
}

std::optional<double> parse_probability(std::string_view v) {
  double p = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), p);
  if (ec != std::errc{} || end != v.data() + v.size() || p < 0 || p > 1) return std::nullopt;
  return p;
}

double ms(Duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

Result<Impairment> Impairment::parse(std::string_view text) {
  Impairment im;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return fail("expected name=value", std::string(item));
    const std::string_view name = item.substr(0, eq), value = item.substr(eq + 1);
    bool ok = true;
    if (name == "delay" || name == "jitter" || name == "queue") {
      auto d = parse_duration(value);
      ok = d.has_value();
      if (ok) (name == "delay" ? im.delay : name == "jitter" ? im.jitter : im.max_queue) = *d;
    } else if (name == "rate") {
      auto r = parse_rate(value);
      ok = r.has_value();
      if (ok) im.rate_bytes_per_second = *r;
    } else if (name == "loss" || name == "reorder" || name == "duplicate") {
      auto p = parse_probability(value);
      ok = p.has_value();
      if (ok) (name == "loss" ? im.loss : name == "reorder" ? im.reorder : im.duplicate) = *p;
    } else {
      return fail("unknown impairment (delay, jitter, rate, queue, loss, reorder, duplicate)",
                  std::string(name));
    }
    if (!ok) return fail("bad value \"" + std::string(value) + "\"", std::string(name));
  }
  return im;
}

std::string Impairment::to_string() const {
  char text[200];
  std::snprintf(text, sizeof text,
                "delay %.1f ms, jitter %.1f ms, rate %s, loss %.1f%%, reorder %.1f%%, "
                "duplicate %.1f%%",
                ms(delay), ms(jitter),
                rate_bytes_per_second > 0
                    ? (std::to_string(static_cast<long long>(rate_bytes_per_second * 8 / 1e3)) +
                       " kbit/s")
                          .c_str()
                    : "unlimited",
                loss * 100, reorder * 100, duplicate * 100);
  return text;
}

ImpairedLink::ImpairedLink(Impairment impairment, std::uint64_t seed)
    : impairment_(impairment), random_(seed) {}

bool ImpairedLink::chance(double p) {
  return p > 0 && std::uniform_real_distribution<double>(0.0, 1.0)(random_) < p;
}

void ImpairedLink::push(Bytes packet, Timestamp now) {
  ++counters_.pushed;
  if (chance(impairment_.loss)) {
    ++counters_.lost;
    return;
  }
  // The rate limit: a packet leaves once the ones before it have (serialisation at `rate`).
  Timestamp leaves = now;
  if (impairment_.rate_bytes_per_second > 0) {
    const Timestamp start = std::max(now, link_free_at_);
    if (start - now > impairment_.max_queue) {
      ++counters_.queue_dropped;
      return;
    }
    link_free_at_ = start + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(
                                static_cast<double>(packet.size()) /
                                impairment_.rate_bytes_per_second));
    leaves = link_free_at_;
  }
  Duration delay = impairment_.delay;
  if (impairment_.jitter > Duration::zero()) {
    const auto j = impairment_.jitter.count();
    delay += Duration(std::uniform_int_distribution<Duration::rep>(-j, j)(random_));
    delay = std::max(delay, Duration::zero());
  }
  if (chance(impairment_.reorder)) {
    delay += std::max(impairment_.delay, Duration(std::chrono::milliseconds(1)));
    ++counters_.reordered;
  }
  const bool twice = chance(impairment_.duplicate);
  if (twice) {
    ++counters_.duplicated;
    in_flight_.emplace(std::pair{leaves + delay, seq_++}, packet);
  }
  in_flight_.emplace(std::pair{leaves + delay, seq_++}, std::move(packet));
}

std::optional<Timestamp> ImpairedLink::next_due() const {
  if (in_flight_.empty()) return std::nullopt;
  return in_flight_.begin()->first.first;
}

std::optional<Bytes> ImpairedLink::pop(Timestamp now) {
  if (in_flight_.empty() || in_flight_.begin()->first.first > now) return std::nullopt;
  Bytes packet = std::move(in_flight_.extract(in_flight_.begin()).mapped());
  ++counters_.delivered;
  return packet;
}

}  // namespace lucid::impair
