// Syntax of the .net model language (docs/language.md).
// Newlines are not tokens: a statement ends where the next token cannot continue it.
parser grammar NetcParser;

options { tokenVocab = NetcLexer; superClass = NetcParserBase; contextSuperClass = NetcContextBase; }

file : (importStatement | definition)* EOF;

// import "blocks.net": "import" is a word only here, so a value or label may still be called import.
importStatement : {isWord("import")}? IDENT STRING;

definition
    : MODEL IDENT parameters? body    # modelDefinition
    // A block may subclass Sequential or a layer: : Conv3d(...) passes super().__init__'s arguments, and
    // such a block may leave out its body (it is then the layer under its own class name).
    | BLOCK IDENT parameters? (COLON base=IDENT (CALL_OPEN baseArguments=arguments? RPAREN)?)? body?    # blockDefinition
    ;

parameters : CALL_OPEN (parameter (COMMA parameter)* COMMA?)? RPAREN;
parameter  : IDENT (ASSIGN expr)?;

body : LBRACE statement* RBRACE;

// The rest of a file from a statement of a definition's body, where the parse after a syntax error
// resumes (the statements before it parsed): a body's statements, then the file's rule, so that
// what may follow each statement, and so error recovery, is what it is in the whole file's parse.
resumedFile       : resumedDefinition (importStatement | definition)* EOF;
resumedDefinition : resumedBody;
resumedBody       : statement* RBRACE;

statement
    : INPUT inputItem (COMMA inputItem)*   # inputStatement
    | {stateDeclaration()}? kind=IDENT IDENT COLON tensorType (ASSIGN fill=expr)? # stateStatement
    | IDENT ASSIGN expr                    # bindingStatement
    | target (COMMA target)+ COMMA? ASSIGN expr # destructuringStatement
    | expr                                 # chainStatement
    ;

// A name to bind, or a nested tuple of them: out, (h, c) = ...
target
    : IDENT                                         # nameTarget
    | LPAREN target (COMMA target)+ COMMA? RPAREN   # tupleTarget
    ;

inputItem  : IDENT (COLON tensorType)?;
tensorType : (IDENT LBRACK | LIST_OPEN) (expr (COMMA expr)* COMMA?)? RBRACK;

expr
    : primary                                        # primaryExpr
    | expr LBRACK slice (COMMA slice)* RBRACK        # indexExpr
    | expr DOT IDENT (CALL_OPEN arguments? RPAREN)?  # methodExpr
    | <assoc=right> expr op=POWER expr               # binaryExpr
    | op=(NEGATE | POSITIVE | NOT) expr              # unaryExpr
    | expr op=(STAR | AT | SLASH | FLOORDIV | PERCENT) expr # binaryExpr
    | expr op=(PLUS | MINUS) expr                    # binaryExpr
    | expr op=(LT | LE | GT | GE) expr               # binaryExpr
    | expr op=(EQ | NE) expr                         # binaryExpr
    | expr op=AND expr                               # binaryExpr
    | expr op=OR expr                                # binaryExpr
    | expr ARROW expr                                # chainExpr
    ;

primary
    : label COLON primary                            # labelledPrimary
    // F.relu, nn.Conv2d, torch.cat; after any other word a dot is a method's (methodExpr)
    | name ({qualifiedNameGoesOn()}? DOT IDENT)* (CALL_OPEN arguments? RPAREN)? # callPrimary
    | INT                                            # intPrimary
    | FLOAT                                          # floatPrimary
    | STRING                                         # stringPrimary
    | (TRUE | FALSE)                                 # boolPrimary
    | LPAREN RPAREN                                  # emptyTuplePrimary
    | LPAREN expr COMMA (expr (COMMA expr)* COMMA?)? RPAREN # tuplePrimary
    | LPAREN statement+ RPAREN                       # groupPrimary
    // [a, b] or [expr for i, k in enumerate(sizes) if cond]: one token after the first element decides
    | LIST_OPEN (expr (comprehension | (COMMA expr)* COMMA?))? RBRACK # listPrimary
    | ifExpr                                         # ifPrimary
    | REPEAT (pattern IN)? expr body                 # repeatPrimary
    ;

// "for" is a word only here, so a value or label may still be called for.
comprehension : {isWord("for")}? IDENT pattern IN iterable=expr (IF condition=expr)?;

// The names a loop binds: one, or several that destructure each element (i, (w, d) of enumerate).
pattern     : patternItem (COMMA patternItem)*;
patternItem : IDENT | LPAREN pattern RPAREN;

ifExpr : IF expr body (ELSE (body | ifExpr))?;

name  : IDENT;

// A label may be any word, keywords included, because PyTorch attribute names often are; a quoted
// text with {expr} parts (any state_dict key part); or name[index], an element of a ModuleList.
label
    : (IDENT | MODEL | BLOCK | INPUT | IF | ELSE | REPEAT | IN | TRUE | FALSE) # wordLabel
    | STRING                                                                 # quotedLabel
    | IDENT LBRACK expr RBRACK                                               # elementLabel
    ;

// The expression inside {} of a quoted label, parsed on its own.
interpolation : expr EOF;

arguments : argument (separator argument)* COMMA?;
// A comma left out between two arguments on one line is one error, at the second argument, and
// the arguments are read as if it were there, so that the rest of the statement parses.
separator : COMMA | {nextOnSameLine()}? {missingComma();};
argument  : (IDENT ASSIGN)? expr;

slice
    : expr                                  # indexSlice
    | start=expr? COLON stop=expr? (COLON step=expr?)? # rangeSlice
    ;
