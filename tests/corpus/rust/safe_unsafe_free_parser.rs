use std::collections::HashMap;

pub fn parse_query(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

pub fn greet(name: &str) -> String {
    let msg = format!("hello {name}");
    msg
}
