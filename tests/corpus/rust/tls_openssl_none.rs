use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};

pub fn connector() -> SslConnector {
    let mut builder = SslConnector::builder(SslMethod::tls()).unwrap();
    builder.set_verify(SslVerifyMode::NONE); // expect: CWE-295
    builder.build()
}
