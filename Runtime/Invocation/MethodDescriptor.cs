namespace OrleansBackend.Runtime.Invocation;

/// <summary>
/// What the runtime knows about one grain interface method: names for logs and metrics, wire ids and
/// scheduling options. One instance per method, created once by generated code.
/// </summary>
public sealed class MethodDescriptor
{
    private string? _spanName;

    /// <summary>Creates the descriptor (called by generated code).</summary>
    public MethodDescriptor(Type interfaceType, string methodName, uint interfaceId, uint methodId, InvokeMethodOptions options)
    {
        InterfaceType = interfaceType;
        InterfaceName = interfaceType.Name;
        MethodName = methodName;
        InterfaceId = interfaceId;
        MethodId = methodId;
        Options = options;
    }

    /// <summary>The grain interface that declares the method.</summary>
    public Type InterfaceType { get; }

    /// <summary>The interface's short name, for logs and metric tags.</summary>
    public string InterfaceName { get; }

    /// <summary>The method name.</summary>
    public string MethodName { get; }

    /// <summary>A stable hash of the interface's full name: how the wire names the interface.</summary>
    public uint InterfaceId { get; }

    /// <summary>A stable hash of the method's name and parameter types: how the wire names the method.</summary>
    public uint MethodId { get; }

    /// <summary>Scheduling options.</summary>
    public InvokeMethodOptions Options { get; }

    /// <summary>True for [AlwaysInterleave] methods.</summary>
    public bool IsAlwaysInterleave => (Options & InvokeMethodOptions.AlwaysInterleave) != 0;

    /// <summary>True for [ReadOnly] methods.</summary>
    public bool IsReadOnly => (Options & InvokeMethodOptions.ReadOnly) != 0;

    /// <summary>True for [OneWay] methods.</summary>
    public bool IsOneWay => (Options & InvokeMethodOptions.OneWay) != 0;

    /// <summary>True when the method takes a cancellation token.</summary>
    public bool HasCancellationToken => (Options & InvokeMethodOptions.HasCancellationToken) != 0;

    /// <summary>True for methods of grain extension interfaces (served by an extension object, not the grain).</summary>
    public bool IsExtension => (Options & InvokeMethodOptions.Extension) != 0;

    /// <summary>The name of the method's trace spans: <c>Interface/Method</c>.</summary>
    internal string SpanName => _spanName ??= $"{InterfaceName}/{MethodName}";

    /// <inheritdoc />
    public override string ToString() => $"{InterfaceName}.{MethodName}";
}
