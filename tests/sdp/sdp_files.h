// Reading the SDP corpus under tests/data/sdp/ in tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lucid::sdp::test {

inline std::filesystem::path corpus_dir() { return std::filesystem::path(LUCID_TEST_DATA_DIR) / "sdp"; }

// The bytes of a corpus file, exactly as stored (CRLF line endings kept).
inline std::string read_corpus(const std::string& name) {
  std::ifstream in(corpus_dir() / name, std::ios::binary);
  if (!in) throw std::runtime_error("missing corpus file " + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every *.sdp file in the corpus, sorted by name.
inline std::vector<std::string> corpus_files() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(corpus_dir())) {
    if (entry.path().extension() == ".sdp") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace lucid::sdp::test
