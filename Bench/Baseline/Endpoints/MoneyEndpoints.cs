using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansBackend.Baseline.Data;
using OrleansBackend.Baseline.Sessions;

namespace OrleansBackend.Baseline.Endpoints;

/// <summary>Accounts, deposits, transfers and the ledger (api.md): every route authenticates its bearer token in Redis.</summary>
public static class MoneyEndpoints
{
    private static readonly HashSet<string> Currencies = ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "INR", "CNY", "SEK"];

    public static void MapMoney(this WebApplication app)
    {
        app.MapPost("/v1/accounts", async (HttpContext context, SessionStore sessions, AccountStore accounts, CancellationToken cancellationToken) =>
        {
            if (await sessions.AuthenticateAsync(context) is not { } userId)
            {
                return Problems.Unauthorized(context);
            }

            var body = await ReadAsync(context, BaselineJsonContext.Default.OpenAccountBody, cancellationToken);
            if (body?.Currency is not { } currency || !Currencies.Contains(currency))
            {
                return Problems.Validation("currency must be an ISO 4217 code from the supported list.");
            }

            return TypedResults.Json(await accounts.OpenAsync(userId, currency, cancellationToken), BaselineJsonContext.Default.AccountBody, statusCode: 201);
        });

        app.MapGet("/v1/accounts/{accountId}", async (string accountId, HttpContext context, SessionStore sessions, AccountStore accounts, CancellationToken cancellationToken) =>
        {
            if (await sessions.AuthenticateAsync(context) is not { } userId)
            {
                return Problems.Unauthorized(context);
            }

            var account = await accounts.GetAsync(userId, accountId, cancellationToken);
            return account is null ? Problems.NotFound() : TypedResults.Json(account, BaselineJsonContext.Default.AccountBody);
        });

        app.MapGet("/v1/accounts/{accountId}/transactions", async (string accountId, int? limit, string? before, HttpContext context, SessionStore sessions, AccountStore accounts, CancellationToken cancellationToken) =>
        {
            if (await sessions.AuthenticateAsync(context) is not { } userId)
            {
                return Problems.Unauthorized(context);
            }

            var position = long.MaxValue;
            if (limit is < 1 or > 200 || (before is not null && !long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out position)))
            {
                return Problems.Validation("limit must be 1–200 and before a cursor from an earlier page.");
            }

            if (await accounts.GetAsync(userId, accountId, cancellationToken) is null)
            {
                return Problems.NotFound();
            }

            return TypedResults.Json(await accounts.EntriesAsync(accountId, position, limit ?? 50, cancellationToken), BaselineJsonContext.Default.EntryPage);
        });

        app.MapPost("/v1/accounts/{accountId}/deposits", async (string accountId, HttpContext context, SessionStore sessions, MoneyStore money, CancellationToken cancellationToken) =>
        {
            if (await sessions.AuthenticateAsync(context) is not { } userId)
            {
                return Problems.Unauthorized(context);
            }

            if (IdempotencyKey(context) is not { } key)
            {
                return Problems.Of(400, "idempotency_key_required", "Money requests need an Idempotency-Key header (1–255 printable ASCII characters).");
            }

            var body = await ReadAsync(context, BaselineJsonContext.Default.MoneyBody, cancellationToken);
            if (body is null || !ValidAmount(body.Amount) || body.Reference is { Length: > 140 })
            {
                return Problems.Validation("amount must be an integer of minor units from 1 to 1,000,000,000,000; reference at most 140 characters.");
            }

            return Answer(context, await money.DepositAsync(userId, accountId, body.Amount, body.Reference, key, cancellationToken));
        });

        app.MapPost("/v1/transfers", async (HttpContext context, SessionStore sessions, MoneyStore money, CancellationToken cancellationToken) =>
        {
            if (await sessions.AuthenticateAsync(context) is not { } userId)
            {
                return Problems.Unauthorized(context);
            }

            if (IdempotencyKey(context) is not { } key)
            {
                return Problems.Of(400, "idempotency_key_required", "Money requests need an Idempotency-Key header (1–255 printable ASCII characters).");
            }

            var body = await ReadAsync(context, BaselineJsonContext.Default.TransferRequestBody, cancellationToken);
            if (body is not { FromAccountId: { } from, ToAccountId: { } to } || from == to || !ValidAmount(body.Amount) || body.Reference is { Length: > 140 })
            {
                return Problems.Validation("fromAccountId and toAccountId must name two different accounts; amount 1 to 1,000,000,000,000 minor units.");
            }

            return Answer(context, await money.TransferAsync(userId, from, to, body.Amount, body.Reference, key, cancellationToken));
        });
    }

    private static bool ValidAmount(long amount) => amount is >= 1 and <= 1_000_000_000_000;

    private static string? IdempotencyKey(HttpContext context)
    {
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        return key.Length is >= 1 and <= 255 && key.All(c => c is >= ' ' and <= '~') ? key : null;
    }

    private static IResult Answer(HttpContext context, StoredAnswer? answer)
    {
        if (answer is null)
        {
            return Problems.NotFound();
        }

        if (answer.Replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return TypedResults.Text(answer.Body, answer.Status >= 400 ? "application/problem+json" : "application/json", statusCode: answer.Status);
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, type, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
