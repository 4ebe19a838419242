    let client = reqwest::blocking::Client::builder()
        .danger_accept_invalid_hostnames(true) // expect: CWE-295
        .build()?;
    let resp = client.get(url).send()?
