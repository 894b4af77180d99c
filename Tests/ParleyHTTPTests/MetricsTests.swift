import Testing
@testable import ParleyHTTP

@Suite struct MetricsTests {
    @Test func histogramBucketsAreCumulative() {
        let metrics = HTTPMetrics(prefix: "t", buckets: [0.01, 0.1, 1])
        metrics.record(route: "/a", method: "GET", status: 200, durationSeconds: 0.005)
        metrics.record(route: "/a", method: "GET", status: 204, durationSeconds: 0.05)
        metrics.record(route: "/a", method: "POST", status: 503, durationSeconds: 5)
        #expect(metrics.render() == """
        # HELP t_http_requests_total HTTP requests answered, by route, method and status class.
        # TYPE t_http_requests_total counter
        t_http_requests_total{route="/a",method="GET",status="2xx"} 2
        t_http_requests_total{route="/a",method="POST",status="5xx"} 1
        # HELP t_http_request_duration_seconds Time from request head to queued response, by route.
        # TYPE t_http_request_duration_seconds histogram
        t_http_request_duration_seconds_bucket{route="/a",le="0.01"} 1
        t_http_request_duration_seconds_bucket{route="/a",le="0.1"} 2
        t_http_request_duration_seconds_bucket{route="/a",le="1"} 2
        t_http_request_duration_seconds_bucket{route="/a",le="+Inf"} 3
        t_http_request_duration_seconds_sum{route="/a"} 5.055
        t_http_request_duration_seconds_count{route="/a"} 3

        """)
    }

    @Test func labelValuesAreEscaped() {
        let metrics = HTTPMetrics()
        metrics.record(route: "a\"b\\c", method: "GET", status: 200, durationSeconds: 0)
        #expect(metrics.render().contains(#"route="a\"b\\c""#))
    }
}
