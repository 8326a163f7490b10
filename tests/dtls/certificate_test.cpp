// Certificate, Fingerprint and the a=setup roles.
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>

#include "common/random.h"
#include "dtls/dtls.h"

using namespace lucid;
using namespace lucid::dtls;

TEST_CASE("a generated certificate is a self-signed ECDSA P-256 certificate with a short name") {
  SeededRandom random(1);
  const Certificate cert = Certificate::generate(random);
  X509* x = cert.x509();
  CHECK(EVP_PKEY_is_a(cert.private_key(), "EC"));
  char group[64] = {};
  std::size_t group_len = 0;
  REQUIRE(EVP_PKEY_get_group_name(cert.private_key(), group, sizeof group, &group_len) == 1);
  CHECK(std::string(group) == "prime256v1");
  CHECK(X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0);
  CHECK(X509_verify(x, cert.private_key()) == 1);  // signed by its own key
  char cn[64] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn, sizeof cn);
  CHECK(std::string(cn) == "lucid");
  // Valid now, and for 30 days.
  int days = 0;
  int seconds = 0;
  REQUIRE(ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(x)) == 1);
  const long left = days * 86400L + seconds;  // 30 days, less the moments since generation
  CHECK(left <= 30 * 86400L);
  CHECK(left > 30 * 86400L - 600);
  CHECK(X509_cmp_current_time(X509_get0_notBefore(x)) < 0);
}

TEST_CASE("two generated certificates have different serial numbers and fingerprints") {
  SeededRandom random(2);
  const Certificate a = Certificate::generate(random);
  const Certificate b = Certificate::generate(random);
  CHECK(ASN1_INTEGER_cmp(X509_get0_serialNumber(a.x509()), X509_get0_serialNumber(b.x509())) != 0);
  CHECK(a.fingerprint() != b.fingerprint());
}

TEST_CASE("the sha-256 fingerprint is written in SDP form") {
  SeededRandom random(3);
  const Certificate cert = Certificate::generate(random);
  const std::string sdp = cert.fingerprint().to_sdp();
  // "sha-256 " + 32 upper-case hex pairs joined by ':'
  REQUIRE(sdp.size() == 8 + 32 * 3 - 1);
  CHECK(sdp.rfind("sha-256 ", 0) == 0);
  for (std::size_t i = 8; i < sdp.size(); ++i) {
    if ((i - 8) % 3 == 2)
      CHECK(sdp[i] == ':');
    else
      CHECK(std::string("0123456789ABCDEF").find(sdp[i]) != std::string::npos);
  }
}

TEST_CASE("fingerprints of every supported hash are parsed back to what was written") {
  SeededRandom random(4);
  const Certificate cert = Certificate::generate(random);
  for (HashFunction h :
       {HashFunction::Sha1, HashFunction::Sha256, HashFunction::Sha384, HashFunction::Sha512}) {
    const Fingerprint fp = cert.fingerprint(h);
    CHECK(fp.value.size() == digest_size(h));
    const auto parsed = Fingerprint::parse(fp.to_sdp());
    REQUIRE(parsed.ok());
    CHECK(*parsed == fp);
  }
}

TEST_CASE("fingerprint parsing accepts any case and refuses what is malformed") {
  const std::string hex32 =
      "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:"
      "67:89";
  const auto lower = Fingerprint::parse("SHA-256 " + hex32);
  REQUIRE(lower.ok());
  CHECK(lower->hash == HashFunction::Sha256);
  CHECK(lower->value[0] == 0xab);
  CHECK(lower->to_sdp().substr(0, 13) == "sha-256 AB:CD");

  CHECK_FALSE(Fingerprint::parse("md5 AB:CD").ok());
  CHECK_THAT(Fingerprint::parse("md5 AB:CD").error().message(),
             Catch::Contains("unsupported hash function"));
  CHECK_THAT(Fingerprint::parse("sha-256 AB:CD").error().message(),
             Catch::Contains("needs 32 bytes, got 2"));
  CHECK_THAT(Fingerprint::parse("sha-256 AB:CG").error().message(),
             Catch::Contains("character 13: not a hex digit"));
  CHECK_THAT(Fingerprint::parse("sha-256 AB-CD").error().message(),
             Catch::Contains("expected ':'"));
  CHECK_FALSE(Fingerprint::parse("sha-256").ok());
  CHECK_FALSE(Fingerprint::parse("sha-256 AB:C").ok());
  CHECK_FALSE(Fingerprint::parse("").ok());
}

TEST_CASE("a certificate is checked against the fingerprints with the strongest hash offered") {
  SeededRandom random(5);
  const Certificate cert = Certificate::generate(random);
  const Certificate other = Certificate::generate(random);
  const std::vector<Fingerprint> right{cert.fingerprint()};
  CHECK(check_fingerprint(cert.x509(), right).ok());
  const std::vector<Fingerprint> sha512{cert.fingerprint(HashFunction::Sha512)};
  CHECK(check_fingerprint(cert.x509(), sha512).ok());
  const std::vector<Fingerprint> either{other.fingerprint(), cert.fingerprint()};
  CHECK(check_fingerprint(cert.x509(), either).ok());

  const std::vector<Fingerprint> wrong{other.fingerprint()};
  const auto refused = check_fingerprint(cert.x509(), wrong);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message(), Catch::StartsWith("fingerprint mismatch"));
  CHECK_THAT(refused.error().message(), Catch::Contains(cert.fingerprint().to_sdp()));
  // RFC 8122 §5: a right sha-1 does not rescue a wrong sha-256.
  const std::vector<Fingerprint> weak_right{cert.fingerprint(HashFunction::Sha1),
                                            other.fingerprint()};
  CHECK_FALSE(check_fingerprint(cert.x509(), weak_right).ok());
  CHECK_FALSE(check_fingerprint(cert.x509(), {}).ok());
}

TEST_CASE(
    "a user-supplied PEM certificate keeps its fingerprint, and a key that does not fit is refused") {
  SeededRandom random(6);
  const Certificate cert = Certificate::generate(random);
  const auto loaded = Certificate::from_pem(cert.certificate_pem(), cert.private_key_pem());
  REQUIRE(loaded.ok());
  CHECK(loaded->fingerprint() == cert.fingerprint());

  const Certificate other = Certificate::generate(random);
  const auto mixed = Certificate::from_pem(cert.certificate_pem(), other.private_key_pem());
  REQUIRE_FALSE(mixed.ok());
  CHECK_THAT(mixed.error().message(), Catch::Contains("does not belong"));
  CHECK_FALSE(Certificate::from_pem("not pem", cert.private_key_pem()).ok());

  const Certificate copy = cert;  // copies share the key
  CHECK(copy.fingerprint() == cert.fingerprint());
  CHECK(copy.private_key() == cert.private_key());
}

TEST_CASE("the answerer to an actpass offer becomes the DTLS client") {
  REQUIRE(answer_setup(Setup::Actpass).ok());
  CHECK(*answer_setup(Setup::Actpass) == Setup::Active);
  CHECK(*answer_setup(Setup::Active) == Setup::Passive);
  CHECK(*answer_setup(Setup::Passive) == Setup::Active);
  CHECK_FALSE(answer_setup(Setup::Holdconn).ok());

  CHECK(*role_of(Setup::Active) == Role::Client);
  CHECK(*role_of(Setup::Passive) == Role::Server);
  CHECK(*offerer_role(Setup::Active) == Role::Server);
  CHECK(*offerer_role(Setup::Passive) == Role::Client);
}

TEST_CASE("an answer that is both roles or neither is an error") {
  const auto both = offerer_role(Setup::Actpass);
  REQUIRE_FALSE(both.ok());
  CHECK_THAT(both.error().message(), Catch::Contains("both"));
  const auto neither = offerer_role(Setup::Holdconn);
  REQUIRE_FALSE(neither.ok());
  CHECK_THAT(neither.error().message(), Catch::Contains("neither"));
}

TEST_CASE("a=setup values are parsed by name") {
  CHECK(*parse_setup("actpass") == Setup::Actpass);
  CHECK(*parse_setup("active") == Setup::Active);
  CHECK(*parse_setup("passive") == Setup::Passive);
  CHECK(*parse_setup("holdconn") == Setup::Holdconn);
  CHECK_FALSE(parse_setup("ACTIVE ").ok());
  CHECK(to_string(Setup::Actpass) == "actpass");
}
