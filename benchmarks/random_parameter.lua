-- wrk: every request carries a parameter no page reads, with a new value each time,
-- as a cache-buster or a crawler's junk would.
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "?x=" .. math.random(1, 1000000000) .. "-" .. counter)
end
