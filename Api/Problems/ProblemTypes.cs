using static Microsoft.AspNetCore.Http.StatusCodes;

namespace OrleansBackend.Api.Problems;

/// <summary>Every error the Api answers with (the <c>code</c> values are part of the contract).</summary>
public static class ProblemTypes
{
    public static readonly ProblemType ValidationFailed = new("validation_failed", Status400BadRequest, "The request is not valid.");
    public static readonly ProblemType IdempotencyKeyRequired = new("idempotency_key_required", Status400BadRequest, "An Idempotency-Key header is required.");
    public static readonly ProblemType BadRequest = new("bad_request", Status400BadRequest, "The request could not be understood.");
    public static readonly ProblemType Unauthorized = new("unauthorized", Status401Unauthorized, "Authentication is required.");
    public static readonly ProblemType InvalidCredentials = new("invalid_credentials", Status401Unauthorized, "The e-mail address or password is wrong.");
    public static readonly ProblemType Forbidden = new("forbidden", Status403Forbidden, "The credentials do not allow this.");
    public static readonly ProblemType NotFound = new("not_found", Status404NotFound, "The resource does not exist.");
    public static readonly ProblemType MethodNotAllowed = new("method_not_allowed", Status405MethodNotAllowed, "The method is not allowed on this resource.");
    public static readonly ProblemType EmailTaken = new("email_taken", Status409Conflict, "The e-mail address is already registered.");
    public static readonly ProblemType IdempotencyKeyInUse = new("idempotency_key_in_use", Status409Conflict, "A request with this idempotency key is still in progress.");
    public static readonly ProblemType PayloadTooLarge = new("payload_too_large", Status413PayloadTooLarge, "The request body is too large.");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported_media_type", Status415UnsupportedMediaType, "The request body must be JSON.");
    public static readonly ProblemType IdempotencyKeyReused = new("idempotency_key_reused", Status422UnprocessableEntity, "The idempotency key was used for a different request.");
    public static readonly ProblemType InsufficientFunds = new("insufficient_funds", Status422UnprocessableEntity, "The balance does not cover the amount.");
    public static readonly ProblemType CurrencyMismatch = new("currency_mismatch", Status422UnprocessableEntity, "The accounts hold different currencies.");
    public static readonly ProblemType LimitExceeded = new("limit_exceeded", Status422UnprocessableEntity, "The balance would exceed its limit.");
    public static readonly ProblemType TooManyAttempts = new("too_many_attempts", Status429TooManyRequests, "Too many failed login attempts.");
    public static readonly ProblemType RateLimited = new("rate_limited", Status429TooManyRequests, "Too many requests.");
    public static readonly ProblemType InternalError = new("internal_error", Status500InternalServerError, "An unexpected error occurred.");
    public static readonly ProblemType ServiceUnavailable = new("service_unavailable", Status503ServiceUnavailable, "The service is temporarily unavailable.");

    /// <summary>Every problem type, for documentation.</summary>
    public static readonly IReadOnlyList<ProblemType> All =
    [
        ValidationFailed, IdempotencyKeyRequired, BadRequest, Unauthorized, InvalidCredentials, Forbidden, NotFound, MethodNotAllowed, EmailTaken,
        IdempotencyKeyInUse, PayloadTooLarge, UnsupportedMediaType, IdempotencyKeyReused, InsufficientFunds, CurrencyMismatch,
        LimitExceeded, TooManyAttempts, RateLimited, InternalError, ServiceUnavailable,
    ];

    /// <summary>The problem type for a bare status code (an empty error response from the framework).</summary>
    public static ProblemType ForStatus(int status) => status switch
    {
        Status401Unauthorized => Unauthorized,
        Status403Forbidden => Forbidden,
        Status404NotFound => NotFound,
        Status405MethodNotAllowed => MethodNotAllowed,
        Status413PayloadTooLarge => PayloadTooLarge,
        Status415UnsupportedMediaType => UnsupportedMediaType,
        Status429TooManyRequests => RateLimited,
        Status503ServiceUnavailable => ServiceUnavailable,
        >= 500 => InternalError,
        _ => BadRequest,
    };
}
