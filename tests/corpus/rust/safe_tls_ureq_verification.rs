use ureq::tls::{RootCerts, TlsConfig};
use ureq::Agent;

pub fn metrics_agent(verify: bool) -> Agent {
    let tls = TlsConfig::builder()
        .root_certs(RootCerts::PlatformVerifier)
        .disable_verification(false)
        .build();
    let _ = verify;
    Agent::config_builder().tls_config(tls).build().into()
}
