using Orleans;
using OrleansBackend.Api.Authentication;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Api.Idempotency;
using OrleansBackend.Api.OpenApi;
using OrleansBackend.Api.Problems;
using OrleansBackend.Api.Requests;
using OrleansBackend.Grains.Interfaces;
using OrleansBackend.Grains.Interfaces.Money;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace OrleansBackend.Api.Endpoints;

/// <summary>/v1/transfers: move money between accounts (the destination may be anyone's).</summary>
public static class TransferEndpoints
{
    public static void MapTransferEndpoints(this IEndpointRouteBuilder app)
    {
        var transfers = app.MapGroup("/v1/transfers").WithTags("Transfers").RequireAuthorization();
        transfers.MapPost("", Create)
            .WithName("CreateTransfer")
            .WithMetadata(IdempotencyKeyMetadata.Instance)
            .WithSummary("Moves money from one of the caller's accounts to any account in the same currency (Idempotency-Key required).")
            .AcceptsJson<TransferRequest>()
            .Produces<TransferResponse>(Status201Created)
            .Produces<TransferResponse>(Status202Accepted)
            .ProducesProblems(Status401Unauthorized, Status404NotFound, Status422UnprocessableEntity, Status429TooManyRequests);
        transfers.MapGet("/{transferId}", Get)
            .WithName("GetTransfer")
            .WithSummary("A transfer from or to one of the caller's accounts.")
            .Produces<TransferResponse>()
            .ProducesProblems(Status401Unauthorized, Status404NotFound, Status429TooManyRequests);
    }

    private static async Task<IResult> Create(HttpContext context, IClusterClient grains)
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

        var from = fields.String("fromAccountId", required: true);
        var to = fields.String("toAccountId", required: true);
        var amount = fields.Amount("amount", MoneyLimits.MaxAmount);
        var reference = MoneyFields.Reference(fields);
        fields.RejectUnknown("fromAccountId", "toAccountId", "amount", "reference");
        if (from is not null && from == to)
        {
            fields.AddError("toAccountId", "Must be a different account than fromAccountId.");
        }

        if (!fields.IsValid)
        {
            return Problems.Problems.Validation(fields.Errors());
        }

        if (!ResourceIds.IsWellFormed(from, ResourceIds.AccountPrefix) || !ResourceIds.IsWellFormed(to, ResourceIds.AccountPrefix))
        {
            return Problems.Problems.NotFound("account");
        }

        var fingerprint = IdempotencyKeys.Fingerprint("transfer", from!, amount, reference, to);
        var binding = IdempotencyKeys.Binding(grains, caller.UserId, key);
        if ((await binding.Claim(fingerprint)).Status == KeyClaimStatus.Reused)
        {
            return MoneyProblems.For(MoneyOutcome.IdempotencyKeyReused, "account");
        }

        var transferId = IdempotencyKeys.TransferId(caller.UserId, key);
        var result = await grains.GetGrain<ITransferGrain>(transferId).Execute(new TransferCommand(caller.UserId, fingerprint, from!, to!, amount, reference));
        if (result.Outcome == MoneyOutcome.NotFound)
        {
            await binding.Release(fingerprint);
            return Problems.Problems.NotFound("account");
        }

        if (result.Replayed)
        {
            context.Response.Headers[IdempotencyKeys.ReplayedHeaderName] = "true";
        }

        if (result.Transfer is not { } transfer)
        {
            return MoneyProblems.For(result.Outcome, "account");
        }

        context.Response.Headers.Location = $"/v1/transfers/{transfer.Id}";
        // 202 only when the destination could not be credited yet: the saga finishes it on its own.
        var status = transfer.Status == TransferStatus.Completed ? Status201Created : Status202Accepted;
        return TypedResults.Json(transfer.ToResponse(), ApiJsonContext.Default.TransferResponse, statusCode: status);
    }

    private static async Task<IResult> Get(HttpContext context, IClusterClient grains, string transferId)
    {
        var result = ResourceIds.IsWellFormed(transferId, ResourceIds.TransferPrefix)
            ? await grains.GetGrain<ITransferGrain>(transferId).Get(Caller.Of(context).UserId)
            : TransferResult.NotFound;
        return result.Transfer is { } transfer
            ? TypedResults.Json(transfer.ToResponse(), ApiJsonContext.Default.TransferResponse)
            : Problems.Problems.NotFound("transfer");
    }
}
