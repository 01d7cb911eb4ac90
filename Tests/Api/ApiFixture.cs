using System.Globalization;

namespace OrleansBackend.Tests.Api;

/// <summary>
/// One Api host shared by the tests of the "Api" collection, with three signed-in users (password hashing is
/// slow on purpose, so users are shared where that does not weaken a test).
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    /// <summary>The balance limit of this host, low enough for a test to reach.</summary>
    public const long MaxBalance = 5_000_000_000_000;

    public ApiFactory Factory { get; } = new(settings: new Dictionary<string, string?> { ["Accounts:MaxBalance"] = MaxBalance.ToString(CultureInfo.InvariantCulture) });

    public ApiClient Client { get; private set; } = null!;

    public TestUser Alice { get; private set; } = null!;

    public TestUser Bob { get; private set; } = null!;

    public TestUser Carol { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = new ApiClient(Factory.CreateClient());
        var users = await Task.WhenAll(Client.NewUserAsync("alice"), Client.NewUserAsync("bob"), Client.NewUserAsync("carol"));
        (Alice, Bob, Carol) = (users[0], users[1], users[2]);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "Api";
}
