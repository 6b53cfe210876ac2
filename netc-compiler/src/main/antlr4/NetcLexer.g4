// Tokens of the .net model language (docs/language.md).
// Two decisions need context the lexer keeps in NetcLexerBase:
//  - '//' is floor division right after an operand inside call arguments, indices and shapes
//    opened on the same line; everywhere else it starts a comment (LINE_COMMENT). The lexer
//    base makes that choice after matching '//', since a predicate here would keep ANTLR from
//    caching the lexer's DFA and make lexing some forty times slower.
//  - '-' and '+' right after an operand are binary (MINUS, PLUS); anywhere else they are signs
//    (NEGATE, POSITIVE). Without this, "a + b" could also read as two statements "a" and "+b",
//    and the parser would look ahead to the end of every sum to decide.
//  - '(' right after a name on the same line opens an argument list (CALL_OPEN); anywhere else
//    it opens a group or a tuple, so a statement may start with a group on the next line.
//  - '[' right after an operand on the same line indexes (LBRACK: x[0], int64[50]); anywhere else
//    it opens a list or a shape (LIST_OPEN), so a statement may start with a list on the next line.
lexer grammar NetcLexer;

options { superClass = NetcLexerBase; }

tokens { CALL_OPEN, LINE_COMMENT, NEGATE, POSITIVE, LIST_OPEN }
channels { LEXICAL_ERRORS }

MODEL  : 'model';
BLOCK  : 'block';
INPUT  : 'input';
IF     : 'if';
ELSE   : 'else';
REPEAT : 'repeat';
IN     : 'in';
TRUE   : 'true';
FALSE  : 'false';

ARROW    : '->';
EQ       : '==';
NE       : '!=';
LE       : '<=';
GE       : '>=';
LT       : '<';
GT       : '>';
AND      : '&&';
OR       : '||';
NOT      : '!';
ASSIGN   : '=';
PLUS     : '+';
MINUS    : '-';
POWER    : '**';
STAR     : '*';
AT       : '@';
FLOORDIV : '//';
SLASH    : '/';
PERCENT  : '%';
LPAREN   : '(';
RPAREN   : ')';
LBRACK   : '[';
RBRACK   : ']';
LBRACE   : '{';
RBRACE   : '}';
COMMA    : ',';
COLON    : ':';
DOT      : '.';

FLOAT
    : DIGIT+ '.' DIGIT* EXPONENT?
    | '.' DIGIT+ EXPONENT?
    | DIGIT+ EXPONENT
    ;
INT : DIGIT+;

STRING
    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'
    | '\'' (~['\\\r\n] | '\\' ~[\r\n])* '\''
    ;
// Lexical errors go to their own channel: the source parser reports them in words, and the
// parser goes on as if they were not there.
UNTERMINATED_STRING
    : ( '"' (~["\\\r\n] | '\\' ~[\r\n])*
      | '\'' (~['\\\r\n] | '\\' ~[\r\n])*
      ) -> channel(LEXICAL_ERRORS)
    ;

IDENT : [a-zA-Z_] [a-zA-Z0-9_]*;

BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN);
// Text that holds no '*/' up to the end of the file: it cannot outmatch a closed comment.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF -> channel(LEXICAL_ERRORS);

// Blanks make no token: nothing reads them (line breaks count in LineBreakCounter).
WS : [ \t\r\n\f]+ -> skip;

UNKNOWN_CHAR : . -> channel(LEXICAL_ERRORS);

fragment DIGIT    : [0-9];
fragment EXPONENT : [eE] [+-]? DIGIT+;
