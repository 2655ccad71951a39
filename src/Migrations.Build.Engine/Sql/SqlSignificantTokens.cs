namespace Migrations.Build.Engine.Sql;

/// <summary>The tokens of a statement the parser sees (no whitespace or comments), enumerated without allocating.</summary>
internal ref struct SqlSignificantTokens
{
    private readonly ReadOnlySpan<SqlToken> _tokens;
    private int _index;

    public SqlSignificantTokens(ReadOnlySpan<SqlToken> tokens)
    {
        _tokens = tokens;
        _index = -1;
    }

    public readonly SqlToken Current => _tokens[_index];

    public readonly SqlSignificantTokens GetEnumerator() => this;

    public bool MoveNext()
    {
        while (++_index < _tokens.Length)
        {
            var kind = _tokens[_index].Kind;
            if (kind is not (SqlTokenKind.Whitespace or SqlTokenKind.LineComment or SqlTokenKind.BlockComment or SqlTokenKind.MetaCommand))
            {
                return true;
            }
        }

        return false;
    }
}
