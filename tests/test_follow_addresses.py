"""The address rule: a stranger's feed cannot make storybrief connect to the user's own
network (storybrief.follow.addresses), checked on real connections to loopback servers."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest
from follow_server import Site

from storybrief.follow import AddressPolicy, BlockedAddress, Fetcher, FetchError, FetchLimits
from storybrief.follow.addresses import address_problem, public_addresses

NOT_PUBLIC = {
    "127.0.0.1": "loopback",
    "127.9.8.7": "loopback",
    "10.1.2.3": "private",
    "172.16.0.1": "private",
    "192.168.1.1": "private",
    "169.254.169.254": "link-local",  # cloud metadata services
    "100.64.0.1": "",  # carrier-grade NAT
    "0.0.0.0": "unspecified",
    "224.0.0.1": "multicast",
    "240.0.0.1": "reserved",
    "255.255.255.255": "reserved",
    "::1": "loopback",
    "::": "unspecified",
    "fe80::1": "link-local",
    "fc00::1": "private",
    "fd12:3456::1": "private",
    "ff02::1": "multicast",
    "::ffff:127.0.0.1": "loopback",  # IPv4-mapped
    "::ffff:192.168.0.10": "private",
    "::127.0.0.1": "loopback",  # IPv4-compatible
    "2002:7f00:1::": "loopback",  # 6to4 of 127.0.0.1
    "64:ff9b::a00:1": "private",  # NAT64 of 10.0.0.1
    "2001:db8::1": "",  # documentation (Python's word for it varies by version)
}
PUBLIC = ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8", "2001:4860:4860::8888"]


@pytest.mark.parametrize("address", sorted(NOT_PUBLIC))
def test_non_public_addresses_are_named(address: str) -> None:
    problem = address_problem(ipaddress.ip_address(address))
    assert problem is not None and NOT_PUBLIC[address] in problem


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is None


def test_names_are_judged_by_every_address_they_resolve_to() -> None:
    names = {"mixed.test": ["127.0.0.1", "127.0.0.2"], "inside.test": ["10.0.0.5", "::1"]}
    policy = AddressPolicy(
        treat_as_public=public_addresses(["127.0.0.2"]),
        resolver=lambda host, port: names[host],
    )
    # only the allowed address of a mixed name is ever connected to
    assert [str(ip) for ip in policy.allowed("mixed.test", 80)] == ["127.0.0.2"]
    with pytest.raises(BlockedAddress) as blocked:
        policy.allowed("inside.test", 80)
    assert "inside.test (10.0.0.5) is a private address" in blocked.value.reason
    assert policy.is_non_public_host("inside.test") and not policy.is_non_public_host("mixed.test")
    # the real resolver: localhost is the user's own machine
    assert AddressPolicy().is_non_public_host("localhost")
    assert AddressPolicy().trusting().allowed("localhost", 80)


@pytest.fixture
def inside() -> Iterator[Site]:
    """The user's own service, on 127.0.0.1: nothing a stranger's feed links to may reach it."""
    site = Site("127.0.0.1")
    site.serve(
        "/secret.html", "<html><body><p>router admin</p></body></html>", content_type="text/html"
    )
    yield site
    site.close()


@pytest.fixture
def outside() -> Iterator[Site]:
    """A stranger's server: on 127.0.0.2, which the tests' policy counts as public."""
    site = Site("127.0.0.2")
    yield site
    site.close()


def _fetcher(**policy: object) -> Fetcher:
    limits = FetchLimits(per_host_interval=0, retries=0, read_timeout=2, total_timeout=5)
    return Fetcher(limits, AddressPolicy(treat_as_public=public_addresses(["127.0.0.2"]), **policy))  # type: ignore[arg-type]


def test_untrusted_fetch_cannot_reach_loopback_by_any_spelling(inside: Site) -> None:
    port = inside.port
    spellings = [
        f"http://127.0.0.1:{port}/secret.html",
        f"http://localhost:{port}/secret.html",
        f"http://[::ffff:127.0.0.1]:{port}/secret.html",
        f"http://2130706433:{port}/secret.html",  # 127.0.0.1 as one number
        f"http://0x7f.1:{port}/secret.html",
        f"http://[::1]:{port}/secret.html",
    ]
    with _fetcher() as fetcher:
        for url in spellings:
            with pytest.raises(FetchError) as err:
                fetcher.get(url, "page")
            assert err.value.kind in ("blocked", "url"), (url, err.value.reason)
            if err.value.kind == "blocked":
                assert "refused" in err.value.reason and "loopback" in err.value.reason
    assert inside.hits == []  # not one connection reached the service


def test_trusted_fetch_reaches_loopback(inside: Site) -> None:
    with _fetcher() as fetcher:
        assert fetcher.trusts(inside.url("/feed.xml"))  # a subscription on 127.0.0.1
        result = fetcher.get(inside.url("/secret.html"), "page", trusted=True)
    assert b"router admin" in result.body


def test_a_redirect_hop_is_checked_again(inside: Site, outside: Site) -> None:
    outside.serve("/story.html", status=302, headers={"Location": inside.url("/secret.html")})
    with _fetcher() as fetcher:
        assert not fetcher.trusts(outside.url("/feed.xml"))
        with pytest.raises(FetchError) as err:
            fetcher.get(outside.url("/story.html"), "page")
    assert err.value.kind == "blocked"
    assert outside.paths() == ["/story.html"] and inside.hits == []


def test_connects_to_the_checked_address_not_a_fresh_lookup(outside: Site) -> None:
    """A name resolving to a refused and an allowed address connects to the allowed one;
    127.0.0.1 has nothing on that port, so reaching the server proves which was used."""
    outside.serve(
        "/page.html", "<html><body><p>public page</p></body></html>", content_type="text/html"
    )
    names = {"news.test": ["127.0.0.1", "127.0.0.2"], "intranet.test": ["127.0.0.1"]}
    with _fetcher(resolver=lambda host, port: names[host]) as fetcher:
        result = fetcher.get(f"http://news.test:{outside.port}/page.html", "page")
        assert b"public page" in result.body
        assert outside.hits[-1].headers["host"] == f"news.test:{outside.port}"
        with pytest.raises(FetchError) as err:
            fetcher.get(f"http://intranet.test:{outside.port}/page.html", "page")
    assert err.value.kind == "blocked" and "intranet.test (127.0.0.1)" in err.value.reason
