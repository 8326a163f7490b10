#include "peer/srtp_keying.h"

namespace lucid {

namespace {

srtp::Profile profile_of(dtls::SrtpProfile profile) {
  switch (profile) {
    case dtls::SrtpProfile::AeadAes128Gcm: return srtp::Profile::AeadAes128Gcm;
    case dtls::SrtpProfile::Aes128CmHmacSha1_80: return srtp::Profile::Aes128CmHmacSha1_80;
  }
  return srtp::Profile::AeadAes128Gcm;
}

}  // namespace

Result<srtp::Session> srtp_session(const dtls::SrtpKeys& keys, dtls::Role role) {
  return srtp::Session::create(profile_of(keys.profile),
                               srtp::MasterKey{keys.local_key(role), keys.local_salt(role)},
                               srtp::MasterKey{keys.remote_key(role), keys.remote_salt(role)});
}

}  // namespace lucid
