use ureq::tls::TlsConfig;
use ureq::Agent;

pub fn metrics_agent() -> Agent {
    let tls = TlsConfig::builder()
        .disable_verification(true) // expect: CWE-295
        .build();
    Agent::config_builder().tls_config(tls).build().into()
}
