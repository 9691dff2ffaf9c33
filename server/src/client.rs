//! Who the client is, for its rate-limit bucket: the peer address of the connection, or, with
//! `--trust-forwarded-for`, the address the proxy in front recorded in `X-Forwarded-For`.

use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// The client's address. With `trust_forwarded_for`, the last `X-Forwarded-For` entry: the
/// one our proxy appended; the entries before it were sent by the client and prove nothing.
pub fn client_ip(request: &Request, trust_forwarded_for: bool) -> Option<IpAddr> {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    if trust_forwarded_for {
        if let Some(forwarded) = forwarded_for(request.headers()) {
            return Some(forwarded);
        }
    }
    peer
}

/// The last address of the last `X-Forwarded-For` header, if it is one.
fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last_header = headers.get_all("x-forwarded-for").iter().next_back()?;
    let last_entry = last_header.to_str().ok()?.rsplit(',').next()?.trim();
    last_entry.parse::<IpAddr>().ok().or_else(|| last_entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request(peer: &str, forwarded: &[&str]) -> Request {
        let mut builder = axum::http::Request::builder().uri("/");
        for f in forwarded {
            builder = builder.header("x-forwarded-for", *f);
        }
        let mut request = builder.body(Body::empty()).expect("request");
        request.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().expect("addr")));
        request
    }

    #[test]
    fn the_peer_unless_the_proxy_is_trusted() {
        let r = request("10.0.0.9:5000", &["1.2.3.4, 5.6.7.8"]);
        assert_eq!(client_ip(&r, false), Some([10, 0, 0, 9].into()));
        // The last entry is the one the proxy added; the client wrote 1.2.3.4 itself.
        assert_eq!(client_ip(&r, true), Some([5, 6, 7, 8].into()));
        let r = request("10.0.0.9:5000", &["1.2.3.4", "9.9.9.9"]);
        assert_eq!(client_ip(&r, true), Some([9, 9, 9, 9].into()));
        let r = request("10.0.0.9:5000", &["not an address"]);
        assert_eq!(client_ip(&r, true), Some([10, 0, 0, 9].into()));
        let r = request("[::1]:5000", &["[2001:db8::1]:443"]);
        assert_eq!(client_ip(&r, true), Some("2001:db8::1".parse().expect("ip")));
    }
}
