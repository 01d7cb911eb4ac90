using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Orleans;
using OrleansBackend.Api.Authentication;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Api.Idempotency;
using OrleansBackend.Api.OpenApi;
using OrleansBackend.Api.Problems;
using OrleansBackend.Api.Requests;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Identity;
using OrleansBackend.Grains.Interfaces.Money;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace OrleansBackend.Api.Endpoints;

/// <summary>/v1/accounts: open, read, deposit, withdraw and page through transactions.</summary>
public static class AccountEndpoints
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/v1/accounts").WithTags("Accounts").RequireAuthorization();
        accounts.MapPost("", Open)
            .WithName("OpenAccount")
            .WithSummary("Opens an account in a currency, with balance 0.")
            .AcceptsJson<OpenAccountRequest>()
            .Produces<AccountResponse>(Status201Created)
            .ProducesProblems(Status401Unauthorized, Status429TooManyRequests);
        accounts.MapGet("/{accountId}", Get)
            .WithName("GetAccount")
            .WithSummary("One of the caller's accounts.")
            .Produces<AccountResponse>()
            .ProducesProblems(Status401Unauthorized, Status404NotFound, Status429TooManyRequests);
        accounts.MapPost("/{accountId}/deposits", Deposit)
            .WithName("Deposit")
            .WithMetadata(IdempotencyKeyMetadata.Instance)
            .WithSummary("Pays money into one of the caller's accounts (Idempotency-Key required).")
            .AcceptsJson<MoneyRequest>()
            .Produces<EntryResponse>(Status201Created)
            .ProducesProblems(Status401Unauthorized, Status404NotFound, Status422UnprocessableEntity, Status429TooManyRequests);
        accounts.MapPost("/{accountId}/withdrawals", Withdraw)
            .WithName("Withdraw")
            .WithMetadata(IdempotencyKeyMetadata.Instance)
            .WithSummary("Pays money out of one of the caller's accounts (Idempotency-Key required); never overdraws.")
            .AcceptsJson<MoneyRequest>()
            .Produces<EntryResponse>(Status201Created)
            .ProducesProblems(Status401Unauthorized, Status404NotFound, Status422UnprocessableEntity, Status429TooManyRequests);
        accounts.MapGet("/{accountId}/transactions", Transactions)
            .WithName("ListTransactions")
            .WithSummary("The account's entries, newest first; limit 1–200 (default 50), before = the previous page's next.")
            .Produces<EntryPageResponse>()
            .ProducesProblems(Status400BadRequest, Status401Unauthorized, Status404NotFound, Status429TooManyRequests);
    }

    private static async Task<IResult> Open(HttpContext context, IClusterClient grains)
    {
        var (fields, problem) = await RequestBody.ReadObjectAsync(context);
        if (fields is null)
        {
            return problem!;
        }

        var currency = fields.String("currency", required: true);
        fields.RejectUnknown("currency");
        if (currency is not null && !Currencies.IsSupported(currency))
        {
            fields.AddError("currency", $"Must be an upper-case ISO 4217 code, one of {string.Join(", ", Currencies.Supported.Order(StringComparer.Ordinal))}.");
        }

        if (!fields.IsValid)
        {
            return Problems.Problems.Validation(fields.Errors());
        }

        var account = await grains.GetGrain<IUserGrain>(Caller.Of(context).UserId).OpenAccount(currency!);
        context.Response.Headers.Location = $"/v1/accounts/{account.Id}";
        return TypedResults.Json(account.ToResponse(), ApiJsonContext.Default.AccountResponse, statusCode: Status201Created);
    }

    private static async Task<IResult> Get(HttpContext context, IClusterClient grains, string accountId)
    {
        var account = ResourceIds.IsWellFormed(accountId, ResourceIds.AccountPrefix)
            ? await grains.GetGrain<IAccountGrain>(accountId).Get()
            : null;
        return account is not null && account.OwnerId == Caller.Of(context).UserId
            ? TypedResults.Json(account.ToResponse(), ApiJsonContext.Default.AccountResponse)
            : Problems.Problems.NotFound("account");
    }

    private static Task<IResult> Deposit(HttpContext context, IClusterClient grains, string accountId) =>
        MoveMoney(context, grains, accountId, "deposit", static (account, command) => account.Deposit(command));

    private static Task<IResult> Withdraw(HttpContext context, IClusterClient grains, string accountId) =>
        MoveMoney(context, grains, accountId, "withdrawal", static (account, command) => account.Withdraw(command));

    private static async Task<IResult> MoveMoney(
        HttpContext context,
        IClusterClient grains,
        string accountId,
        string operation,
        Func<IAccountGrain, MoneyCommand, Task<MoneyResult>> apply)
    {
        var caller = Caller.Of(context);
        if (!IdempotencyKeys.TryRead(context.Request, out var key, out var keyProblem))
        {
            return keyProblem!;
        }

        var (fields, problem) = await RequestBody.ReadObjectAsync(context);
        if (fields is null)
        {
            return problem!;
        }

        var amount = fields.Amount("amount", MoneyLimits.MaxAmount);
        var reference = MoneyFields.Reference(fields);
        fields.RejectUnknown("amount", "reference");
        if (!fields.IsValid)
        {
            return Problems.Problems.Validation(fields.Errors());
        }

        if (!ResourceIds.IsWellFormed(accountId, ResourceIds.AccountPrefix))
        {
            return Problems.Problems.NotFound("account");
        }

        var fingerprint = IdempotencyKeys.Fingerprint(operation, accountId, amount, reference);
        var binding = IdempotencyKeys.Binding(grains, caller.UserId, key);
        var claim = await binding.Claim(fingerprint);
        if (claim.Status == KeyClaimStatus.Reused)
        {
            return MoneyProblems.For(MoneyOutcome.IdempotencyKeyReused, "account");
        }

        if (claim.Refusal is { } refused)
        {
            context.Response.Headers[IdempotencyKeys.ReplayedHeaderName] = "true";
            return MoneyProblems.For(refused, "account");
        }

        var command = new MoneyCommand(
            caller.UserId,
            key,
            fingerprint,
            amount,
            reference,
            RequestId: binding.GetPrimaryKeyString(),
            RepeatSince: claim.Status == KeyClaimStatus.Repeat ? claim.BoundAt : null);
        var result = await apply(grains.GetGrain<IAccountGrain>(accountId), command);
        if (result.Outcome == MoneyOutcome.NotFound)
        {
            // Nothing happened, so nothing is remembered: the key is free again.
            await binding.Release(fingerprint);
            return Problems.Problems.NotFound("account");
        }

        if (result.Outcome is not (MoneyOutcome.Applied or MoneyOutcome.IdempotencyKeyReused))
        {
            // A refusal changed no account: the key keeps it, before the caller sees it, so a retry gets the same answer.
            await binding.RecordRefusal(fingerprint, result.Outcome);
        }

        if (result.Replayed)
        {
            context.Response.Headers[IdempotencyKeys.ReplayedHeaderName] = "true";
        }

        return result.Outcome == MoneyOutcome.Applied
            ? TypedResults.Json(result.Entry!.ToResponse(), ApiJsonContext.Default.EntryResponse, statusCode: Status201Created)
            : MoneyProblems.For(result.Outcome, "account");
    }

    private static async Task<IResult> Transactions(
        HttpContext context,
        IClusterClient grains,
        string accountId,
        [FromQuery] string? limit,
        [FromQuery] string? before)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var pageSize = DefaultPageSize;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors["limit"] = [$"Must be an integer from 1 to {MaxPageSize}."];
        }

        long? position = null;
        if (before is not null)
        {
            if (TransactionCursor.TryDecode(before, out var decoded))
            {
                position = decoded;
            }
            else
            {
                errors["before"] = ["Must be a cursor from a previous page's next."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Problems.Validation(errors);
        }

        if (!ResourceIds.IsWellFormed(accountId, ResourceIds.AccountPrefix))
        {
            return Problems.Problems.NotFound("account");
        }

        var page = await grains.GetGrain<IAccountGrain>(accountId).GetTransactions(Caller.Of(context).UserId, pageSize, position);
        if (!page.Found)
        {
            return Problems.Problems.NotFound("account");
        }

        var items = page.Items.Select(e => e.ToResponse()).ToList();
        var next = page.NextBefore is { } n ? TransactionCursor.Encode(n) : null;
        return TypedResults.Json(new EntryPageResponse(items, next), ApiJsonContext.Default.EntryPageResponse);
    }
}
