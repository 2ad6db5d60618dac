-- wrk script for benchmarks/run-simulator: every request creates a secure
-- token for the simulator's frictionless 3-D Secure test card. The key in
-- REJI_BENCH_AUTH is a test key that only the simulator accepts.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("REJI_BENCH_AUTH")
wrk.body = [[{"amount":1000,"currency":"JPY","return_url":"http://127.0.0.1/return",]] ..
  [["payment_details":{"type":"credit_card","number":"4100000000000100",]] ..
  [["month":12,"year":2030,"verification_value":"123","name":"Test Card"}}]]
