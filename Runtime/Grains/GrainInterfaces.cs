namespace OrleansBackend.Runtime.Grains;

/// <summary>Anything that names a grain: a grain reference or a grain instance.</summary>
public interface IAddressable
{
}

/// <summary>The root of every grain interface. Every method returns Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
public interface IGrain : IAddressable
{
}

/// <summary>A grain whose key is a string.</summary>
public interface IGrainWithStringKey : IGrain
{
}

/// <summary>A grain whose key is a Guid.</summary>
public interface IGrainWithGuidKey : IGrain
{
}

/// <summary>A grain whose key is a 64-bit integer.</summary>
public interface IGrainWithIntegerKey : IGrain
{
}
