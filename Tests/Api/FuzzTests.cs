using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OrleansBackend.Tests.Api;

/// <summary>Malformed bodies on every POST route: never a 5xx, always a problem.</summary>
[Collection(ApiCollection.Name)]
public sealed class FuzzTests
{
    private readonly ApiFixture _fixture;

    public FuzzTests(ApiFixture fixture)
    {
        _fixture = fixture;
    }

    private static IEnumerable<(string Name, byte[] Body, string? ContentType)> Bodies()
    {
        static (string, byte[], string?) Json(string name, string body) => (name, Encoding.UTF8.GetBytes(body), "application/json");
        yield return Json("empty", string.Empty);
        yield return Json("whitespace", "   \n ");
        yield return Json("null", "null");
        yield return Json("array", "[1,2,3]");
        yield return Json("string", "\"hello\"");
        yield return Json("number", "42");
        yield return Json("truncated", "{\"amount\": 1");
        yield return Json("trailing comma", "{\"amount\": 1,}");
        yield return Json("comment", "{/* hi */ \"amount\": 1}");
        yield return Json("single quotes", "{'amount': 1}");
        yield return Json("two objects", "{} {}");
        yield return Json("duplicate field", "{\"amount\": 1, \"amount\": 2}");
        yield return Json("all nulls", "{\"email\":null,\"password\":null,\"currency\":null,\"amount\":null,\"fromAccountId\":null,\"toAccountId\":null,\"reference\":null,\"displayName\":null}");
        yield return Json("wrong types", "{\"email\":1,\"password\":true,\"currency\":[],\"amount\":\"1\",\"fromAccountId\":{},\"toAccountId\":2.5,\"reference\":false,\"displayName\":7}");
        yield return Json("huge numbers", "{\"amount\": 1e400, \"currency\": 123456789012345678901234567890}");
        yield return Json("negative zero", "{\"amount\": -0.0}");
        yield return Json("nan", "{\"amount\": NaN}");
        yield return Json("extra fields", "{\"amount\": 5, \"currency\": \"EUR\", \"admin\": true, \"balance\": 100000}");
        yield return Json("deep nesting", new string('[', 5000) + new string(']', 5000));
        yield return Json("deep object field", "{\"amount\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200) + "}");
        yield return Json("lone surrogate", "{\"email\":\"\\ud800@example.com\",\"password\":\"\\udfff\\udfff\\udfff\\udfff\\udfff\",\"reference\":\"\\ud800\",\"displayName\":\"\\udc00\",\"currency\":\"\\ud800\"}");
        yield return Json("control characters", "{\"email\":\"a\\u0000b@example.com\",\"password\":\"\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\",\"reference\":\"\\u0007\",\"displayName\":\"\\u001b[31m\"}");
        yield return Json("long strings", $"{{\"email\":\"{new string('a', 60_000)}\",\"currency\":\"{new string('E', 3000)}\"}}");
        yield return Json("bom", "\uFEFF{\"amount\": 1}");
        yield return ("invalid utf8", [0x7B, 0x22, 0x65, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D], "application/json");
        yield return ("utf16", Encoding.Unicode.GetBytes("{\"amount\": 1}"), "application/json");
        yield return ("binary", [0x00, 0x01, 0x02, 0x03, 0xFF], "application/octet-stream");
        yield return ("form", Encoding.UTF8.GetBytes("amount=1&currency=EUR"), "application/x-www-form-urlencoded");
        yield return ("text", Encoding.UTF8.GetBytes("{\"amount\": 1}"), "text/plain");
        yield return ("no content type", Encoding.UTF8.GetBytes("{\"amount\": 1}"), null);
        yield return ("bad content type", Encoding.UTF8.GetBytes("{\"amount\": 1}"), "application/json; charset=\"");
        yield return ("json with weird charset", Encoding.UTF8.GetBytes("{\"amount\": 1}"), "application/json; charset=utf-32");
        yield return ("problem json", Encoding.UTF8.GetBytes("{\"amount\": 1}"), "application/problem+json");
    }

    [Fact]
    public async Task NoMalformedBodyOnAnyPostRouteGetsA5xx()
    {
        var alice = _fixture.Alice;
        var account = await _fixture.Client.OpenAccountAsync(alice);
        var routes = new (string Path, bool Authenticated, bool Idempotent)[]
        {
            ("/v1/users", false, false),
            ("/v1/sessions", false, false),
            ("/v1/accounts", true, false),
            ($"/v1/accounts/{account}/deposits", true, true),
            ($"/v1/accounts/{account}/withdrawals", true, true),
            ("/v1/transfers", true, true),
        };
        var failures = new List<string>();
        foreach (var (path, authenticated, idempotent) in routes)
        {
            foreach (var (name, body, contentType) in Bodies())
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
                if (contentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }

                if (authenticated)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);
                }

                if (idempotent)
                {
                    request.Headers.TryAddWithoutValidation("Idempotency-Key", ApiClient.NewKey());
                }

                using var response = await _fixture.Client.Http.SendAsync(request);
                var status = (int)response.StatusCode;
                if (status >= 500 || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                {
                    failures.Add($"{path} / {name}: {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.Equal(0, await _fixture.Client.BalanceAsync(alice, account));
    }
}
